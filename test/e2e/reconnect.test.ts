// The page's link to its server, in Chromium: when the server drops the page's sockets (a TCP
// reset, with new connections refused meanwhile, as when the network goes away) the page says
// so, fails calls at once, reconnects by itself and reads everything again, so a VM defined
// with virsh meanwhile shows without a reload. When the server restarts, its sessions are gone
// (they live in its memory): the page says so, stops retrying, and signs in again with the new
// link pasted into it, still without a reload.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import * as libvirt from 'virtdeck/native';
import { API_PROTOCOL, SESSION_PROTOCOL_PREFIX, SESSION_STORAGE_KEY } from '../../electron/common/rpc/session-protocol.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../integration/native/support.js';
import { nextMessage, openSocket } from '../support/ws-client.js';
import { artifacts, startApp, type App } from './support.js';

const run = promisify(execFile);
const root = process.getuid?.() === 0;

/** Defines a VM the way a user in another terminal does. */
async function virshDefine(name: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-reconnect-'));
  try {
    await writeFile(join(dir, 'vm.xml'), tinyDomainXML(name, { graphics: 'none' }));
    await run('virsh', ['-c', SYSTEM_URI, 'define', join(dir, 'vm.xml')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waits on a socket of our own for the backend's domain.changed of `name`. */
async function domainEvent(ws: WebSocket, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = JSON.parse((await nextMessage(ws, Math.max(1, deadline - Date.now()))).toString()) as { t: string; topic?: string; payload?: { name?: string } };
    if (m.t === 'event' && m.topic === 'domain.changed' && m.payload?.name === name) return;
  }
}

describe('the page’s link to its server (browser mode, Chromium)', { skip: !root && 'needs root (iptables and ss -K drop the page’s sockets)' }, () => {
  let app: App;
  let conn: libvirt.Connection;
  let port = '';
  let blocked = false;
  const steady = uniqueName('rend-steady');
  const definedWhileDropped = uniqueName('rend-dropped');
  const definedWhileDown = uniqueName('rend-down');
  // New connections to the server are refused (RST) while this rule is in place.
  const rule = () => ['INPUT', '-i', 'lo', '-p', 'tcp', '--dport', port, '--syn', '-j', 'REJECT', '--reject-with', 'tcp-reset'];
  const unblock = async () => {
    if (blocked) await run('iptables', ['-D', ...rule()]);
    blocked = false;
  };

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await conn.defineXML(tinyDomainXML(steady, { graphics: 'none' }));
    app = await startApp();
    port = app.url.port;
    await app.page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    await row(steady).waitFor({ timeout: 60_000 });
    // Set in the page: gone if the page reloads.
    await app.page.evaluate('window.vdSamePage = true');
  });
  after(async () => {
    await unblock().catch(() => undefined);
    await app?.close();
    for (const name of [steady, definedWhileDropped, definedWhileDown]) await purgeDomain(conn, name);
    await conn?.close();
  });

  const row = (name: string) => app.page.getByTestId(`vm-${name}`);
  const lostBanner = () => app.page.getByRole('alert').filter({ hasText: 'Connection to the Virtdeck server lost — reconnecting…' });
  const samePage = async () => assert.equal(await app.page.evaluate('window.vdSamePage'), true, 'the page was not reloaded');

  it('reconnects after its sockets are dropped, failing calls meanwhile, and shows what changed', async () => {
    const page = app.page;
    // Our own socket with the page's session, kept through the drop, sees what the backend says meanwhile.
    const secret = await page.evaluate<string>(`localStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)})`);
    const watcher = await openSocket(`ws://${app.url.host}/api`, [API_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${secret}`], { Origin: app.url.origin });
    const watcherPort = (watcher as unknown as { _socket: Socket })._socket.localPort!;
    try {
      await run('iptables', ['-I', ...rule()]);
      blocked = true;
      // Reset the server's side of every connection of the page (not of our watcher).
      await run('ss', ['-K', '-t', 'state', 'established', `( sport = :${port} and dport != :${watcherPort} )`]);
      await lostBanner().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(artifacts, 'reconnect-lost.png') });

      // A call made now fails at once, saying why, rather than waiting for the link.
      await row(steady).dblclick();
      const notice = page.getByTestId('vm-overview').getByTestId('error-notice');
      await notice.waitFor({ timeout: 10_000 });
      assert.equal(await notice.getAttribute('data-message-id'), 'rpc.serverUnreachable');
      assert.match((await notice.textContent()) ?? '', /cannot be reached right now/);

      await virshDefine(definedWhileDropped);
      // The backend has told every page that is connected; this one was not.
      await domainEvent(watcher, definedWhileDropped);
      assert.equal(await row(definedWhileDropped).count(), 0);
      assert.equal(await lostBanner().count(), 1, 'still reconnecting');

      await unblock();
      await lostBanner().waitFor({ state: 'detached', timeout: 30_000 });
      // The open details read again, without the error.
      await notice.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByRole('button', { name: 'Back' }).click();
      await row(definedWhileDropped).waitFor({ timeout: 30_000 });
      await samePage();
      assert.deepEqual(app.errors, []);
    } finally {
      watcher.close();
    }
  });

  it('says the session ended when the server restarted, and signs in again with the new link, still on the same page', async () => {
    const page = app.page;
    await app.stopServer();
    await lostBanner().waitFor({ timeout: 15_000 });
    await virshDefine(definedWhileDown);
    const login = await app.startServerAgain();

    const refused = page.getByTestId('link-refused');
    await refused.getByRole('alert').filter({ hasText: 'Your Virtdeck session has ended' }).waitFor({ timeout: 60_000 });
    assert.equal(await lostBanner().count(), 0, 'it no longer says it is reconnecting');
    await page.screenshot({ path: join(artifacts, 'reconnect-session-ended.png') });

    // A link that is not this server's new one is refused in words.
    await refused.getByRole('textbox', { name: 'Sign-in link' }).fill(`${app.url.origin}/?token=not-the-token`);
    await refused.getByRole('button', { name: 'Sign In' }).click();
    await refused.getByRole('alert').filter({ hasText: 'already used or is wrong' }).waitFor();

    await refused.getByRole('textbox', { name: 'Sign-in link' }).fill(login);
    await refused.getByRole('button', { name: 'Sign In' }).click();
    await refused.waitFor({ state: 'detached', timeout: 30_000 });
    await row(definedWhileDown).waitFor({ timeout: 30_000 });
    await waitFor(
      'the VM defined while the server was down to show its state',
      async () => (await row(definedWhileDown).locator('.state-text').textContent()) === 'Shut off' || null,
    );
    await samePage();
    assert.deepEqual(app.errors, []);
  });
});
