// End-to-end support: `npm run serve` on a fresh config dir, driven in Debian's Chromium.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { root, startServe, type ServeProcess } from '../support/serve-process.js';
import { waitFor } from '../integration/native/support.js';

export const artifacts = join(root, 'test-results');

export interface App {
  url: URL;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** The server's config dir (connections, preferences). */
  configDir: string;
  /** The `npm run serve` process now serving the page. */
  readonly server: ServeProcess;
  /** Stops the server (SIGTERM, as Ctrl+C in its terminal). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and config dir, as a user restarting it does; resolves with its new sign-in link. */
  startServerAgain(): Promise<string>;
  close(): Promise<void>;
}

export async function startApp(options: { terminal?: boolean } = {}): Promise<App> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-e2e-'));
  let server = startServe(['--port', '0', '--config-dir', join(dir, 'config')], options);
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
    get server() {
      return server;
    },
    stopServer: () => server.stop(),
    startServerAgain() {
      server = startServe(['--port', new URL(login).port, '--config-dir', join(dir, 'config')], options);
      return server.ready;
    },
    async close() {
      await browser.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Distinct colours in the console's canvas (a string: the tests are typechecked without DOM types).
const DISTINCT_COLOURS = `(() => {
  const c = document.querySelector('[data-testid=console-screen] canvas');
  if (!c || !c.width || !c.height) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length && seen.size < 16; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  return seen.size;
})()`;

/**
 * Waits until the console's canvas shows more than the background. Polls from outside the page:
 * waitForFunction's in-page polling evaluates strings, which the page's CSP forbids.
 */
export async function waitForPixels(p: Page, timeoutMs = 30_000): Promise<void> {
  await waitFor('the console to show the guest’s screen', async () => (await p.evaluate<number>(DISTINCT_COLOURS)) > 1 || null, timeoutMs);
}

/** Adds a connection through the Add Connection dialog (`fill` sets its fields); resolves with its entry once connected. */
export async function addConnection(p: Page, uri: string, fill: (dialog: Locator) => Promise<void>): Promise<Locator> {
  await p.getByRole('button', { name: 'Add Connection…' }).click();
  const dialog = p.getByRole('dialog', { name: 'Add Connection' });
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  const conn = p.getByTestId(`connection-${uri}`);
  await conn.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
  return conn;
}

/** The dialog's fields for QEMU on root@127.0.0.1:port over SSH. */
export function sshFields(port: number): (dialog: Locator) => Promise<void> {
  return async (dialog) => {
    await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'QEMU/KVM on a remote host over SSH' });
    await dialog.getByLabel('User', { exact: true }).fill('root');
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(port));
    await dialog.getByText(`qemu+ssh://root@127.0.0.1:${port}/system`).waitFor();
  };
}
