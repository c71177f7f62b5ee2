// A VM's VNC console in the page: noVNC through the backend's bridge, against a real QEMU VM
// (SeaBIOS on its VGA screen), in Chromium in browser mode.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../integration/native/support.js';
import { watchCsp } from './console-csp.js';
import { artifacts, startApp, waitForPixels, type App } from './support.js';

describe('a VM’s console (browser mode, Chromium, real QEMU VNC)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let csp: string[];
  const name = uniqueName('e2e-console');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await (await conn.defineXML(tinyDomainXML(name, { graphics: 'vnc' }))).create();
    app = await startApp();
    csp = watchCsp(app.context);
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, name);
    await conn.close();
  });

  it('opens from the toolbar and shows the guest’s screen', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    // SeaBIOS draws text on the VGA screen: more than the background colour shows.
    await waitForPixels(p);
    await p.screenshot({ path: join(artifacts, 'console-vnc.png') });
    assert.deepEqual(csp, [], 'opening the VNC console broke no rule of the page’s CSP');
  });

  it('says why “Resize guest to window” cannot resize a VGA guest', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    const model = /<video>\s*<model type='(\w+)'/.exec(await (await conn.lookupByName(name)).XMLDesc(0))?.[1];
    assert.ok(model && !['qxl', 'virtio'].includes(model), `the tiny VM's video is ${model}`);
    const scale = view.getByRole('combobox', { name: 'Scale' });
    assert.equal(await view.getByRole('note').filter({ hasText: 'cannot resize' }).count(), 0);
    await scale.selectOption({ label: 'Resize guest to window' });
    const note = view.getByRole('note').filter({ hasText: `This VM’s video (${model.toUpperCase()}) cannot resize to the window` });
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /only QXL and Virtio video can: the screen is scaled to fit instead/);
    await p.screenshot({ path: join(artifacts, 'console-resize-vga.png') });
    await scale.selectOption({ label: 'Fit to window' });
    await note.waitFor({ state: 'detached' });
  });

  it('sends Ctrl+Alt+Del and scales to the window, then goes back to the list', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    const scale = view.getByRole('combobox', { name: 'Scale' });
    assert.equal(await scale.inputValue(), 'fit');
    await scale.selectOption({ label: 'Actual size (1:1)' });
    assert.equal(await view.getByRole('status').textContent(), 'Connected', 'still connected');
    await scale.selectOption({ label: 'Fit to window' });
    await view.getByRole('button', { name: 'Back' }).click();
    await p.getByRole('grid').waitFor();
    assert.deepEqual(app.errors, []);
  });

  it('sends keys from the Send Key menu and saves a PNG screenshot named after the VM', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await view.getByRole('button', { name: 'Send Key' }).click();
    const menu = view.getByRole('menu', { name: 'Send Key' });
    assert.equal(await menu.getByRole('menuitem').count(), 16);
    await p.keyboard.press('ArrowDown'); // from Ctrl+Alt+Del to Ctrl+Alt+Backspace
    assert.equal(
      await menu
        .getByRole('menuitem', { name: 'Ctrl+Alt+Backspace' })
        .evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement),
      true,
    );
    await menu.getByRole('menuitem', { name: 'Ctrl+Alt+F2' }).click();
    await menu.waitFor({ state: 'detached' });

    const [download] = await Promise.all([p.waitForEvent('download'), view.getByRole('button', { name: 'Screenshot' }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^${name}-\\d{8}-\\d{6}\\.png$`));
    const file = join(artifacts, 'console-screenshot.png');
    await download.saveAs(file);
    assert.deepEqual([...(await readFile(file)).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    await view.getByRole('button', { name: 'Back' }).click();
    assert.deepEqual(app.errors, []);
    assert.equal(await p.getByRole('alert').count(), 0, 'no error notice');
  });

  it('detaches into a tab of its own, which shows the console alone', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    const [tab] = await Promise.all([app.context.waitForEvent('page'), view.getByRole('button', { name: 'Detach' }).click()]);
    // This window lets go of the console: one session per console.
    await p.getByRole('grid').waitFor();
    const detached = tab.getByRole('region', { name: `Console of ${name}` });
    await detached
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await waitForPixels(tab);
    assert.equal(await tab.getByRole('button', { name: 'Back' }).count(), 0, 'nothing to go back to');
    assert.equal(await tab.getByRole('grid').count(), 0, 'no VM list');
    await tab.screenshot({ path: join(artifacts, 'console-detached.png') });
    await tab.close();
  });

  it('says when the VM stops, offers Start, and connects again when it runs', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await (await conn.lookupByName(name)).destroy();
    await view.getByText(`${name} is not running.`, { exact: false }).waitFor({ timeout: 30_000 });
    assert.equal(await view.getByRole('status').textContent(), 'Not running');
    assert.equal(await view.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).isDisabled(), true);
    await p.screenshot({ path: join(artifacts, 'console-shut-off.png') });
    await view.getByRole('button', { name: 'Start' }).click();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await waitForPixels(p);
  });

  it('shows a paused VM as paused, with Resume', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await (await conn.lookupByName(name)).suspend();
    await view.getByText(`${name} is paused`, { exact: false }).waitFor({ timeout: 30_000 });
    await view.getByRole('button', { name: 'Resume' }).click();
    await view.getByText(`${name} is paused`, { exact: false }).waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal((await (await conn.lookupByName(name)).state()).state, libvirt.DomainState.RUNNING);
  });

  it('says when the host link is down, and connects again when it returns', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    const host = p.getByTestId('connection-qemu:///system');
    await host.getByRole('button', { name: 'Disconnect' }).click();
    await view.getByText('The connection to this VM’s host is down', { exact: false }).waitFor({ timeout: 30_000 });
    await host.getByRole('button', { name: 'Connect' }).click();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await waitForPixels(p);
  });

  it('goes fullscreen and back', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view.getByRole('button', { name: 'Fullscreen' }).click();
    await view.getByRole('button', { name: 'Exit Fullscreen' }).waitFor();
    assert.equal(await p.evaluate('document.fullscreenElement?.getAttribute("aria-labelledby")'), 'console-title');
    await view.getByRole('button', { name: 'Exit Fullscreen' }).click();
    await view.getByRole('button', { name: 'Fullscreen' }).waitFor();
    assert.equal(await p.evaluate('document.fullscreenElement'), null);
  });

  it('shows the keyboard grab and releases it on Ctrl+Alt', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    const grab = view.getByTestId('keyboard-grab');
    assert.equal(await grab.textContent(), 'Click the screen to type in the VM');
    await view.getByTestId('console-screen').locator('canvas').click();
    await grab.filter({ hasText: 'Keyboard in VM' }).waitFor();
    await p.keyboard.down('Control');
    await p.keyboard.down('Alt');
    await p.keyboard.up('Alt');
    await p.keyboard.up('Control');
    await grab.filter({ hasText: 'Click the screen' }).waitFor();
    assert.deepEqual(app.errors, []);
    assert.deepEqual(csp, [], 'nothing done in the VNC console broke a rule of the page’s CSP');
  });
});
