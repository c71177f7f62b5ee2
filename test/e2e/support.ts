// End-to-end support: `npm run serve` on a fresh config dir, driven in Debian's Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(root, 'test-results');

export interface App {
  url: URL;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function startApp(): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-e2e-'));
  const server: ChildProcess = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'electron/server/main.ts', '--port', '0', '--config-dir', join(dir, 'config')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const login = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Virtdeck is listening at (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(login);
  await mkdir(artifacts, { recursive: true });
  return {
    url: new URL(login),
    browser,
    context,
    page,
    errors,
    async close() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
