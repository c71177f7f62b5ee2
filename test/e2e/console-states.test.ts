// #17 item 7 in the console: a guest that put itself to sleep (pmsuspended) and one that
// panicked (crashed, held by on_crash=preserve) are still active, so the console has no picture
// to show; it says which, and offers the one action that moves on (Wake Up, Force Off). Against
// the real tiny Linux guest under QEMU TCG, in Chromium.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor } from '../integration/native/support.js';
import { READY_LINE, tinyGuest, tinyGuestDomainXML } from '../support/tiny-guest.js';
import { artifacts, startApp, type App } from './support.js';

const run = promisify(execFile);

describe('the console of a sleeping and of a crashed VM (browser mode, Chromium, tiny Linux on TCG)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let dom: libvirt.Domain;
  const name = uniqueName('verify-states');
  const serialLog = `/var/log/libvirt/qemu/${name}-serial.log`;
  const serial = () => readFile(serialLog, 'utf8').catch(() => '');
  const view = () => app.page.getByRole('region', { name: `Console of ${name}` });
  const state = async () => (await dom.state()).state;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    dom = await conn.defineXML(tinyGuestDomainXML(name, await tinyGuest(), { serialLog, sleepAndPanic: true }));
    await dom.create();
    await waitFor('the guest to boot', async () => (await serial()).includes(READY_LINE) || null, 120_000);
    app = await startApp();
    await app.page.getByTestId(`vm-${name}`).click();
    await app.page.getByRole('button', { name: 'Open Console' }).click();
    await view()
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, name);
    await conn.close();
    await rm(serialLog, { force: true });
  });

  it('a guest that put itself to sleep: the console says it is suspended (not “not running”) and Wake Up wakes it', async () => {
    const p = app.page;
    await view().getByRole('button', { name: 'Type Text…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Type text into the VM' });
    await dialog.getByRole('textbox', { name: 'Text' }).fill('echo mem > /sys/power/state\n');
    await dialog.getByRole('button', { name: 'Type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the guest asleep', async () => (await state()) === libvirt.DomainState.PMSUSPENDED || null, 60_000);
    const notice = view()
      .getByRole('note')
      .filter({ hasText: `${name} is suspended: its guest put itself to sleep.` });
    await notice.waitFor({ timeout: 30_000 });
    await p.screenshot({ path: join(artifacts, 'console-pmsuspended.png') });
    await notice.getByRole('button', { name: 'Wake Up' }).click();
    await waitFor('the guest awake', async () => (await state()) === libvirt.DomainState.RUNNING || null, 60_000);
    await notice.waitFor({ state: 'detached', timeout: 30_000 });
    assert.deepEqual(app.errors, []);
  });

  it('a guest that panicked: the console says it crashed and Force Off stops it', async () => {
    // What the kernel's pvpanic driver writes on a panic (see backend/sleep-and-crash.test.ts).
    await run('virsh', ['-c', SYSTEM_URI, 'qemu-monitor-command', '--hmp', name, 'o /b 0x505 1']);
    await waitFor('the guest crashed', async () => (await state()) === libvirt.DomainState.CRASHED || null, 60_000);
    const notice = view()
      .getByRole('note')
      .filter({ hasText: `${name} has crashed and is held as it was.` });
    await notice.waitFor({ timeout: 30_000 });
    await app.page.screenshot({ path: join(artifacts, 'console-crashed.png') });
    await notice.getByRole('button', { name: 'Force Off' }).click();
    await waitFor('the guest off', async () => (await state()) === libvirt.DomainState.SHUTOFF || null, 60_000);
    await view()
      .getByRole('note')
      .filter({ hasText: `${name} is not running.` })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(app.errors, []);
  });
});
