// The main window in Chromium, browser mode, against the real local libvirtd.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../integration/native/support.js';
import { artifacts, startApp, type App } from './support.js';

const run = promisify(execFile);

describe('main window (browser mode, Chromium)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const vm = uniqueName('e2e');
  const hostile = `<img src=x onerror=alert(1)>-${process.pid}`;
  const broken = uniqueName('broken');
  const transient = uniqueName('transient');
  const saved = uniqueName('e2e-saved');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await conn.defineXML(tinyDomainXML(vm, { graphics: 'none' }));
    await conn.defineXML(tinyDomainXML(hostile, { graphics: 'none' }));
    // Starting this one fails in libvirt: its disk does not exist.
    await conn.defineXML(
      tinyDomainXML(broken, { graphics: 'none' }).replace(
        '</devices>',
        "<disk type='file' device='disk'><source file='/nonexistent/virtdeck-e2e.qcow2'/><target dev='vda' bus='virtio'/></disk></devices>",
      ),
    );
    app = await startApp();
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, vm);
    await purgeDomain(conn, hostile);
    await purgeDomain(conn, broken);
    await purgeDomain(conn, transient);
    await purgeDomain(conn, saved);
    await conn.close();
  });

  const row = (name: string) => app.page.getByTestId(`vm-${name}`);
  const stateOf = (name: string) => row(name).locator('.state-text');

  it('shows the local connection, connected, with its VMs', async () => {
    const c = app.page.getByTestId(`connection-${SYSTEM_URI}`);
    await c.getByText('Connected', { exact: true }).waitFor();
    await row(vm).waitFor();
    assert.equal(await stateOf(vm).textContent(), 'Shut off');
    assert.match((await c.textContent()) ?? '', /QEMU \d+\.\d+/);
  });

  it('shows “Shut off (saved)” whole in the State column', async () => {
    const dom = await conn.defineXML(tinyDomainXML(saved, { graphics: 'none' }));
    await dom.create();
    await dom.managedSave();
    const cell = row(saved)
      .getByRole('gridcell')
      .filter({ has: app.page.locator('.state-text') });
    await cell.filter({ hasText: 'Shut off (saved)' }).waitFor();
    const { scrollWidth, clientWidth } = await cell.evaluate((el: { scrollWidth: number; clientWidth: number }) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    assert.ok(scrollWidth <= clientWidth, `the cell's text is ${scrollWidth}px in a ${clientWidth}px cell`);
  });

  it('shows a hostile VM name as plain text and runs nothing', async () => {
    await row(hostile).waitFor();
    assert.equal(await row(hostile).locator('.name').textContent(), hostile);
    assert.equal(await row(hostile).locator('img').count(), 0);
    assert.deepEqual(app.errors, []);
  });

  it('starts and forces off a VM from the toolbar, confirming with its name and host', async () => {
    await row(vm).click();
    await app.page.getByRole('button', { name: 'Start', exact: true }).click();
    await stateOf(vm).filter({ hasText: 'Running' }).waitFor();
    await app.page.getByRole('button', { name: 'Force Off', exact: true }).click();
    const dialog = app.page.getByRole('dialog');
    assert.match((await dialog.textContent()) ?? '', new RegExp(vm));
    await dialog.getByRole('button', { name: 'Force Off', exact: true }).click();
    await stateOf(vm).filter({ hasText: 'Shut off' }).waitFor();
  });

  it('follows a VM started with virsh elsewhere', async () => {
    await run('virsh', ['-c', SYSTEM_URI, 'start', vm]);
    await stateOf(vm).filter({ hasText: 'Running' }).waitFor();
    await run('virsh', ['-c', SYSTEM_URI, 'destroy', vm]);
    await stateOf(vm).filter({ hasText: 'Shut off' }).waitFor();
  });

  it('offers the same actions in a context menu and on the keyboard', async () => {
    await row(vm).click({ button: 'right' });
    const menu = app.page.getByRole('menu');
    assert.equal(await menu.getByRole('menuitem', { name: /^Pause/ }).isDisabled(), true, 'a shut-off VM cannot pause');
    await menu.getByRole('menuitem', { name: /^Start/ }).click();
    await stateOf(vm).filter({ hasText: 'Running' }).waitFor();
    await app.page.getByRole('grid').focus();
    await app.page.keyboard.press('Control+Shift+P');
    await stateOf(vm).filter({ hasText: 'Paused' }).waitFor();
    await app.page.keyboard.press('Control+Shift+U');
    await stateOf(vm).filter({ hasText: 'Running' }).waitFor();
    await app.page.keyboard.press('Shift+F10');
    await menu.getByRole('menuitem', { name: /^Force Off/ }).click();
    await app.page.getByRole('dialog').getByRole('button', { name: 'Force Off', exact: true }).click();
    await stateOf(vm).filter({ hasText: 'Shut off' }).waitFor();
  });

  it('shows libvirt’s error when an action fails, and leaves the VM as it was', async () => {
    await row(broken).click();
    await app.page.getByRole('button', { name: 'Start', exact: true }).click();
    const notice = app.page.getByRole('alert').filter({ hasText: broken });
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /Start failed for .*nonexistent\/virtdeck-e2e\.qcow2/s);
    assert.equal(await stateOf(broken).textContent(), 'Shut off');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('shows a title set with virsh in the Title column', async () => {
    await run('virsh', ['-c', SYSTEM_URI, 'desc', vm, '--title', 'Web front end (staging)']);
    await row(vm).locator('.title').filter({ hasText: 'Web front end (staging)' }).waitFor();
    // The filter finds VMs by title too.
    await app.page.getByRole('searchbox', { name: 'Filter' }).fill('front end');
    await row(vm).waitFor();
    await row(broken).waitFor({ state: 'detached' });
    await app.page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await row(broken).waitFor();
  });

  it('turns autostart on and off with the Autostart checkbox', async () => {
    const autostart = async () => /^Autostart:\s+enable/m.test((await run('virsh', ['-c', SYSTEM_URI, 'dominfo', vm])).stdout);
    const box = row(vm).getByRole('checkbox', { name: 'Autostart', exact: true });
    assert.equal(await box.isChecked(), false);
    assert.equal(await autostart(), false);
    await box.check();
    await waitFor('autostart on in virsh dominfo', autostart);
    await box.uncheck();
    await waitFor('autostart off in virsh dominfo', async () => !(await autostart()));
    assert.equal(await box.isChecked(), false);
  });

  it('shows the uptime of a running VM, ticking, and offers no autostart for a transient VM', async () => {
    await run('virsh', ['-c', SYSTEM_URI, 'start', vm]);
    await stateOf(vm).filter({ hasText: 'Running' }).waitFor();
    const uptime = row(vm).locator('.uptime');
    await uptime.filter({ hasText: /^\d+ (s|min)$/ }).waitFor();
    const first = await uptime.textContent();
    await uptime.filter({ hasNotText: first ?? '' }).waitFor(); // it ticks by itself
    assert.equal(await row(broken).locator('.uptime').textContent(), '—', 'a shut-off VM has no uptime');

    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-e2e-'));
    const file = join(dir, 'transient.xml');
    await writeFile(file, tinyDomainXML(transient, { graphics: 'none' }));
    await run('virsh', ['-c', SYSTEM_URI, 'create', file]);
    await rm(dir, { recursive: true, force: true });
    await stateOf(transient).filter({ hasText: 'Running' }).waitFor();
    const box = row(transient).getByRole('checkbox', { name: 'Autostart', exact: true });
    assert.equal(await box.isDisabled(), true);
    assert.match((await row(transient).locator('.check').getAttribute('title')) ?? '', /transient VM cannot start with the host/);
    await run('virsh', ['-c', SYSTEM_URI, 'desc', transient, '--live', '--title', 'Scratch (transient)']);
    await row(transient).locator('.title').filter({ hasText: 'Scratch (transient)' }).waitFor();
    await row(transient)
      .locator('.uptime')
      .filter({ hasText: /^\d+ (s|min)$/ })
      .waitFor();
  });

  it('saves screenshots of the main window in light and dark themes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme: scheme });
      await app.page.screenshot({ path: join(artifacts, `main-window-${scheme}.png`) });
    }
    await writeFile(join(artifacts, 'README.txt'), 'Screenshots from test/e2e/main-window.test.ts\n');
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    const other = await app.context.newPage();
    await other.goto('about:blank');
    const outcome = await other.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onclose = (e) => resolve(`closed ${e.code}`);
        }),
      `ws://${app.url.host}/api`,
    );
    assert.match(outcome, /^closed/);
    await other.close();
  });
});
