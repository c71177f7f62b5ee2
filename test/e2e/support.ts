// End-to-end support: `npm run serve` on a fresh config dir, driven in Debian's Chromium.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { root, startServe } from '../support/serve-process.js';

export const artifacts = join(root, 'test-results');

export interface App {
  url: URL;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** The server's config dir (connections, preferences). */
  configDir: string;
  close(): Promise<void>;
}

export async function startApp(options: { terminal?: boolean } = {}): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-e2e-'));
  const server = startServe(['--port', '0', '--config-dir', join(dir, 'config')], options);
  const login = await server.ready;
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
    configDir: join(dir, 'config'),
    async close() {
      await browser.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
