// The renderer is served from app://virtdeck/, not file://: a real origin for CSP and for the
// IPC sender check, and no access to the rest of the file system.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, rendererHeaders, resolveRendererFile } from '../node/renderer-files.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** `csp` is the page's policy (the desktop's adds its console server to connect-src). */
export function serveRenderer(rendererDir: string, csp: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'virtdeck') return new Response('Not found', { status: 404 });
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: rendererHeaders(contentTypeOf(file), csp) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
