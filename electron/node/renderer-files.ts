// Serving the built renderer, shared by browser mode (HTTP) and the desktop app (app://), so
// the two can never differ in what they allow.
import { extname, join, normalize, sep } from 'node:path';

/** The page's CSP; `connect` adds origins the page may open sockets to (the desktop's console server). */
export function rendererCsp(connect: readonly string[] = []): string {
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src ${["'self'", ...connect].join(' ')}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'`;
}

export const RENDERER_CSP = rendererCsp();

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/** Headers for every response: renderer files and the pages the server writes itself. */
export function rendererHeaders(contentType: string, csp = RENDERER_CSP): Record<string, string> {
  return { 'Content-Type': contentType, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
}

/** The file under rendererDir that a URL path names, or null (outside it, or not a valid path). */
export function resolveRendererFile(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0')) return null;
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(rendererDir, rel === '' ? 'index.html' : rel);
  return file.startsWith(rendererDir + sep) ? file : null;
}
