// The console against a real Linux guest (the cached tiny guest): keys sent from the console
// reach the guest's kernel and shell, which answer on the serial port (logged to a file).
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor } from '../integration/native/support.js';
import { CTRL_ALT_DEL_LINE, READY_LINE, tinyGuest, tinyGuestDomainXML } from '../support/tiny-guest.js';
import { artifacts, startApp, type App } from './support.js';

describe('the console reaches a real guest (browser mode, Chromium, tiny Linux on TCG)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const name = uniqueName('e2e-guest');
  const serialLog = `/var/log/libvirt/qemu/${name}-serial.log`;
  const serial = () => readFile(serialLog, 'utf8').catch(() => '');
  const count = (text: string, line: string) => text.split(line).length - 1;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await (await conn.defineXML(tinyGuestDomainXML(name, await tinyGuest(), { serialLog }))).create();
    await waitFor('the guest to boot', async () => (await serial()).includes(READY_LINE) || null, 120_000);
    app = await startApp();
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    await p
      .getByRole('region', { name: `Console of ${name}` })
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

  it('Send Ctrl+Alt+Del (through the display) reaches the guest', async () => {
    const view = app.page.getByRole('region', { name: `Console of ${name}` });
    const before = count(await serial(), CTRL_ALT_DEL_LINE);
    await view.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    await waitFor('the guest to see Ctrl+Alt+Del', async () => count(await serial(), CTRL_ALT_DEL_LINE) > before || null, 60_000);
  });

  it('Ctrl+Alt+Del from the Send Key menu (through libvirt) reaches the guest', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    const before = count(await serial(), CTRL_ALT_DEL_LINE);
    await view.getByRole('button', { name: 'Send Key' }).click();
    await view.getByRole('menu', { name: 'Send Key' }).getByRole('menuitem', { name: 'Ctrl+Alt+Del' }).click();
    await waitFor('the guest to see Ctrl+Alt+Del', async () => count(await serial(), CTRL_ALT_DEL_LINE) > before || null, 60_000);
  });

  it('Type Text types into the guest’s shell on its screen', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view.getByRole('button', { name: 'Type Text…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Type text into the VM' });
    // The shell on tty1 (the screen) writes to the serial port, where the test reads it.
    await dialog.getByRole('textbox', { name: 'Text' }).fill('echo "Typed-$((6*7))!" > /dev/ttyS0\n');
    await p.screenshot({ path: join(artifacts, 'console-type-text.png') });
    await dialog.getByRole('button', { name: 'Type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the typed command to run', async () => (await serial()).includes('Typed-42!') || null, 60_000);
    await p.screenshot({ path: join(artifacts, 'console-guest.png') });
    assert.deepEqual(app.errors, []);
  });

  it('releases a key held in the guest when the keyboard is released with Ctrl+Alt', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    const grab = view.getByTestId('keyboard-grab');
    await view.getByTestId('console-screen').locator('canvas').click();
    await grab.filter({ hasText: 'Keyboard in VM' }).waitFor();
    // Control goes to the guest; Alt releases the keyboard, so Control's key-up lands outside it.
    await p.keyboard.down('Control');
    await p.keyboard.down('Alt');
    await grab.filter({ hasText: 'Click the screen' }).waitFor();
    await p.keyboard.up('Alt');
    await p.keyboard.up('Control');
    // Were Control still held in the guest, this would arrive as ^E ^C ^H ^O… and never run.
    await view.getByRole('button', { name: 'Type Text…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Type text into the VM' });
    await dialog.getByRole('textbox', { name: 'Text' }).fill('echo "Released-$((6*8))" > /dev/ttyS0\n');
    await dialog.getByRole('button', { name: 'Type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the typed command to run', async () => (await serial()).includes('Released-48') || null, 60_000);
    assert.deepEqual(app.errors, []);
  });
});
