// A shut-off VM's Hardware tab in Chromium (browser mode) against the local libvirtd: memory and
// vCPUs changed through the preview dialog (diff and where it takes effect shown, then applied,
// and virsh's dump says so), a disk and a NIC added and removed, a disk moved to another bus,
// the keyboard in the list, and a change made with virsh meanwhile shown as a conflict with
// nothing written. Screenshots of the tab in light and dark themes go to /tmp/hwui-*.png.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor, xmlEscape } from '../integration/native/support.js';
import { startApp, type App } from './support.js';

const run = promisify(execFile);
const SHOTS = '/tmp';

describe('the Hardware tab of a shut-off VM (browser mode, Chromium)', () => {
  let app: App;
  let page: Page;
  let conn: libvirt.Connection;
  let dir = '';
  const name = uniqueName('hwui');
  let uuid = '';

  /** libvirt's own dump of the definition, as `virsh dumpxml --inactive` prints it. */
  const dumpxml = async () => (await run('virsh', ['-c', SYSTEM_URI, 'dumpxml', '--inactive', name])).stdout;
  const option = (label: string) => page.getByRole('listbox', { name: 'Hardware' }).getByRole('option', { name: label, exact: true });
  const editor = () => page.getByTestId('hardware-editor');

  /** Apply in the editor, then in the preview dialog; resolves with the dialog's diff text. */
  async function applyThroughPreview(title: string, start: () => Promise<void>): Promise<string> {
    await start();
    const dialog = page.getByRole('dialog', { name: title });
    const diff = dialog.getByTestId('edit-diff');
    await diff.waitFor();
    const text = (await diff.textContent()) ?? '';
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  async function shoot(label: string, target: Page | Locator = page): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await target.screenshot({ path: join(SHOTS, `hwui-${label}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-hwui-'));
    await writeFile(join(dir, 'system.img'), Buffer.alloc(1024 * 1024));
    await writeFile(join(dir, 'data.img'), Buffer.alloc(1024 * 1024));
    conn = await libvirt.open(SYSTEM_URI);
    const disk = `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${xmlEscape(join(dir, 'system.img'))}'/><target dev='sda' bus='sata'/></disk>`;
    const cdrom = "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>";
    const dom = await conn.defineXML(tinyDomainXML(name, { devices: disk + cdrom }));
    uuid = (await dom.UUIDString()).toLowerCase();
    app = await startApp();
    page = app.page;
    await page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
  });
  after(async () => {
    await app?.close();
    if (conn) await purgeDomain(conn, name);
    await conn?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the VM’s hardware in virt-manager’s order and words, and the keyboard moves through it', async () => {
    const listHash = await waitFor('the host in the URL', async () => /^#\/host\/[^/]+$/.exec(await page.evaluate<string>('location.hash'))?.[0] ?? null);
    await page.goto(`${app.url.origin}/${listHash}/vm/${uuid}/hardware`);
    await page.getByRole('tab', { name: 'Hardware', exact: true, selected: true }).waitFor();
    await option('CPUs').waitFor();
    const labels = await page.getByRole('listbox', { name: 'Hardware' }).getByRole('option').allTextContents();
    assert.deepEqual(labels.slice(0, 4), ['CPUs', 'Memory', 'Boot Options', 'SATA Disk 1']);
    for (const l of ['Display VNC', 'Serial 1', 'Console 1', 'Video VGA']) assert.ok(labels.includes(l), `${l} in ${labels.join(', ')}`);
    assert.ok(labels.indexOf('Display VNC') < labels.indexOf('Serial 1') && labels.indexOf('Serial 1') < labels.indexOf('Video VGA'), 'virt-manager’s order');
    assert.ok(labels.some((l) => /^Controller /.test(l)) && labels.indexOf('Video VGA') < labels.findIndex((l) => /^Controller /.test(l)));
    // The editor follows the selection; Up and Down move it.
    await option('CPUs').focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await option('Memory').getAttribute('aria-selected'), 'true');
    await editor().getByRole('heading', { name: 'Memory' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await editor().getByRole('heading', { name: 'Boot Options' }).waitFor();
    await editor().getByRole('checkbox', { name: 'SATA Disk 1' }).waitFor();
    await shoot('boot');
    await option('SATA Disk 1').click();
    await editor().getByLabel('Source path', { exact: true }).waitFor();
    assert.equal(await editor().getByLabel('Source path', { exact: true }).inputValue(), join(dir, 'system.img'));
    await shoot('disk');
  });

  it('changes memory: the diff and where it takes effect are shown, then virsh’s dump has it', async () => {
    await option('Memory').click();
    const current = editor().getByLabel('Current allocation (MiB)');
    assert.equal(await current.inputValue(), '64');
    await current.fill('96');
    await editor().getByLabel('Maximum allocation (MiB)').fill('128');
    await editor().getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply changes to Memory' });
    await dialog.getByTestId('edit-diff').waitFor();
    const diff = (await dialog.getByTestId('edit-diff').textContent()) ?? '';
    assert.match(diff, /^\+\s*<memory unit='KiB'>131072<\/memory>$/m);
    assert.match(diff, /^\+\s*<currentMemory unit='KiB'>98304<\/currentMemory>$/m);
    assert.match(diff, /^-\s*<memory unit='KiB'>65536<\/memory>$/m);
    // A shut-off VM: both parts take effect when it next starts.
    assert.deepEqual(await dialog.getByRole('row').allTextContents(), ['ChangeTakes effect', 'Current memoryAt the next start', 'Maximum memoryAt the next start']);
    await shoot('preview', dialog);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await editor().getByRole('status').getByText('Applied.').waitFor();
    const xml = await dumpxml();
    assert.match(xml, /<memory unit='KiB'>131072<\/memory>/);
    assert.match(xml, /<currentMemory unit='KiB'>98304<\/currentMemory>/);
    // The form shows what the VM now has, with nothing left to apply.
    await waitFor('the editor clean again', async () => (await editor().getByRole('button', { name: 'Apply', exact: true }).isDisabled()) || null);
    assert.equal(await current.inputValue(), '96');
  });

  it('changes vCPUs (maximum 2, 1 online)', async () => {
    await option('CPUs').click();
    await editor().getByLabel('Maximum vCPUs').fill('2');
    const diff = await applyThroughPreview('Apply changes to CPUs', () => editor().getByRole('button', { name: 'Apply', exact: true }).click());
    assert.match(diff, /^\+\s*<vcpu placement='static' current='1'>2<\/vcpu>$/m);
    assert.match(await dumpxml(), /<vcpu placement='static' current='1'>2<\/vcpu>/);
    // A topology that does not make the maximum is refused before anything is sent.
    await editor().getByLabel('Set the topology by hand').check();
    await editor().getByLabel('Sockets').fill('3');
    await editor()
      .getByText(/it must equal the maximum vCPUs \(2\)/)
      .waitFor();
    assert.equal(await editor().getByRole('button', { name: 'Apply', exact: true }).isDisabled(), true);
    await shoot('cpus');
    await editor().getByRole('button', { name: 'Revert', exact: true }).click();
    assert.equal(await editor().getByLabel('Set the topology by hand').isChecked(), false);
  });

  it('orders boot devices with the keyboard: a ticked CD-ROM moved first with Alt+Up', async () => {
    await option('Boot Options').click();
    const cd = editor().getByRole('checkbox', { name: 'IDE CDROM 1' });
    assert.equal(await editor().getByRole('checkbox', { name: 'SATA Disk 1' }).isChecked(), true, '<boot dev="hd"/> ticks the disk');
    assert.equal(await cd.isChecked(), false);
    await cd.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Alt+ArrowUp');
    await page.getByText('Moved IDE CDROM 1 to position 1 of 2.').waitFor();
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.id'), await cd.getAttribute('id'), 'the moved row keeps the focus');
    assert.deepEqual(await editor().locator('.hw-boot li label').allTextContents(), ['IDE CDROM 1', 'SATA Disk 1']);
    await applyThroughPreview('Apply changes to Boot Options', () => editor().getByRole('button', { name: 'Apply', exact: true }).click());
    const xml = await dumpxml();
    assert.ok(!xml.includes('<boot dev='), 'per-device order replaces <boot dev>');
    assert.match(xml, /<target dev='sda' bus='sata'\/>\s*<boot order='2'\/>/);
    assert.match(xml, /<target dev='hdc' bus='ide'\/>\s*<readonly\/>\s*<boot order='1'\/>|<target dev='hdc' bus='ide'\/>\s*<boot order='1'\/>/);
  });

  it('says why a disk outside any storage pool cannot be resized while the VM is off', async () => {
    await option('SATA Disk 1').click();
    await editor().getByRole('button', { name: 'Resize…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resize SATA Disk 1' });
    await dialog.getByLabel('New size (GiB)').fill('2');
    await dialog.getByRole('button', { name: 'Resize', exact: true }).click();
    assert.equal(await dialog.getByTestId('error-notice').getAttribute('data-message-id'), 'edit.resizeNotInPool');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('adds the guest agent channel in one click', async () => {
    await page.getByRole('button', { name: 'Add Hardware…' }).click();
    const add = page.getByRole('dialog', { name: 'Add Hardware' });
    const diff = await applyThroughPreview('Add Guest Agent Channel', () => add.getByRole('button', { name: 'Add Guest Agent Channel' }).click());
    assert.match(diff, /^\+\s*<channel type='unix'>$/m);
    await waitFor('the channel selected', async () => (await option('Channel (qemu-ga)').getAttribute('aria-selected')) === 'true' || null);
    assert.match(await dumpxml(), /<channel type='unix'>[\s\S]*?<target type='virtio' name='org.qemu.guest_agent.0'\/>/);
    await page.getByRole('button', { name: 'Add Hardware…' }).click();
    assert.equal(await add.getByRole('button', { name: 'Add Guest Agent Channel' }).isDisabled(), true, 'one is enough');
    await add.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds a disk, then removes it', async () => {
    const image = join(dir, 'data.img');
    await page.getByRole('button', { name: 'Add Hardware…' }).click();
    const add = page.getByRole('dialog', { name: 'Add Hardware' });
    await add.getByLabel('Image or device path').fill(image);
    await shoot('add', add);
    const diff = await applyThroughPreview('Add Storage', () => add.getByRole('button', { name: 'Continue' }).click());
    assert.ok(diff.includes(`+      <source file='${image}'/>`), diff);
    await waitFor('the new disk selected', async () => (await option('VirtIO Disk 1').getAttribute('aria-selected')) === 'true' || null);
    assert.match(await dumpxml(), new RegExp(`<source file='${image}'/>\\s*<target dev='vda' bus='virtio'/>`));
    await applyThroughPreview('Remove VirtIO Disk 1', () => editor().getByRole('button', { name: 'Remove', exact: true }).click());
    await option('VirtIO Disk 1').waitFor({ state: 'detached' });
    assert.ok(!(await dumpxml()).includes(image), 'the disk is gone from the definition');
  });

  it('adds a NIC, then removes it', async () => {
    await page.getByRole('button', { name: 'Add Hardware…' }).click();
    const add = page.getByRole('dialog', { name: 'Add Hardware' });
    await add.getByLabel('Network interface').check();
    await add.getByLabel('Network source').selectOption({ label: 'Usermode networking' });
    await add.getByLabel('MAC address').fill('52:54:00:AA:BB:01');
    const diff = await applyThroughPreview('Add Network interface', () => add.getByRole('button', { name: 'Continue' }).click());
    assert.match(diff, /^\+\s*<mac address='52:54:00:aa:bb:01'\/>$/m);
    await waitFor('the new NIC selected', async () => (await option('NIC :aa:bb:01').getAttribute('aria-selected')) === 'true' || null);
    assert.equal(await editor().getByLabel('Network source').inputValue(), 'user');
    assert.match(await dumpxml(), /<interface type='user'>\s*<mac address='52:54:00:aa:bb:01'\/>\s*<model type='virtio'\/>/);
    await shoot('nic');
    await applyThroughPreview('Remove NIC :aa:bb:01', () => editor().getByRole('button', { name: 'Remove', exact: true }).click());
    await option('NIC :aa:bb:01').waitFor({ state: 'detached' });
    assert.ok(!(await dumpxml()).includes('52:54:00:aa:bb:01'), 'the NIC is gone from the definition');
  });

  it('moves a disk to another bus (a new name, no old address)', async () => {
    await option('SATA Disk 1').click();
    await editor().getByLabel('Disk bus').selectOption({ label: 'VirtIO' });
    await applyThroughPreview('Apply changes to SATA Disk 1', () => editor().getByRole('button', { name: 'Apply', exact: true }).click());
    await option('VirtIO Disk 1').waitFor();
    const xml = await dumpxml();
    assert.match(xml, /<target dev='vda' bus='virtio'\/>/);
    assert.ok(!xml.includes("bus='sata'"), 'no SATA disk left');
  });

  it('shows a change made with virsh meanwhile as a conflict, writes nothing, and Reload shows the VM as it is', async () => {
    await option('Memory').click();
    const current = editor().getByLabel('Current allocation (MiB)');
    await current.fill('80');
    await run('virsh', ['-c', SYSTEM_URI, 'desc', '--config', name, 'changed with virsh']);
    const before = await dumpxml();
    await editor().getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply changes to Memory' });
    const notice = dialog.getByTestId('error-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-message-id'), 'config.conflict');
    await notice.getByText('changed elsewhere since it was read').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Apply', exact: true }).count(), 0, 'no way to overwrite it');
    await shoot('conflict', dialog);
    assert.equal(await dumpxml(), before, 'nothing written');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the form back to the VM’s value', async () => (await current.inputValue()) === '96' || null);
    assert.match(await dumpxml(), /<currentMemory unit='KiB'>98304<\/currentMemory>/);
    assert.match(await dumpxml(), /<description>changed with virsh<\/description>/);
    await shoot('tab');
    assert.deepEqual(app.errors, []);
  });
});

describe('the Hardware tab of a running VM (browser mode, Chromium)', () => {
  let app: App;
  let page: Page;
  let conn: libvirt.Connection;
  const name = uniqueName('hwui-run');
  let uuid = '';
  const option = (label: string) => page.getByRole('listbox', { name: 'Hardware' }).getByRole('option', { name: label, exact: true });
  const editor = () => page.getByTestId('hardware-editor');
  const dumpxml = async (...flags: string[]) => (await run('virsh', ['-c', SYSTEM_URI, 'dumpxml', ...flags, name])).stdout;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const cdrom = "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>";
    const dom = await conn.defineXML(tinyDomainXML(name, { devices: cdrom }));
    await dom.create();
    uuid = (await dom.UUIDString()).toLowerCase();
    app = await startApp();
    page = app.page;
    await page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
    const listHash = await waitFor('the host in the URL', async () => /^#\/host\/[^/]+$/.exec(await page.evaluate<string>('location.hash'))?.[0] ?? null);
    await page.goto(`${app.url.origin}/${listHash}/vm/${uuid}/hardware`);
    await option('CPUs').waitFor();
  });
  after(async () => {
    await app?.close();
    if (conn) await purgeDomain(conn, name);
    await conn?.close();
  });

  it('says a new maximum memory waits for the next boot, and then that changes are pending a restart', async () => {
    assert.equal(await page.getByTestId('pending-restart').count(), 0);
    await option('Memory').click();
    await editor().getByLabel('Maximum allocation (MiB)').fill('128');
    await editor().getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply changes to Memory' });
    const row = dialog.getByRole('row').filter({ hasText: 'Maximum memory' });
    await row.getByText('At the next boot').waitFor();
    await row.getByText('The maximum memory of a running VM cannot change').waitFor();
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('pending-restart').getByText('Changes pending a restart').waitFor();
    assert.equal(
      await option('Memory')
        .getAttribute('aria-describedby')
        .then((id) => page.locator(`[id="${id}"]`).textContent()),
      'Has changes pending a restart',
    );
    assert.match(await dumpxml('--inactive'), /<memory unit='KiB'>131072<\/memory>/);
    assert.match(await dumpxml(), /<memory unit='KiB'>65536<\/memory>/, 'the running VM keeps its maximum');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `hwui-running-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('offers Apply at Next Boot when the running VM refuses a part (media that does not exist)', async () => {
    await option('IDE CDROM 1').click();
    await editor().getByLabel('Media path').fill('/nonexistent/virtdeck-hwui.iso');
    await editor().getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply changes to IDE CDROM 1' });
    await dialog.getByRole('row').filter({ hasText: 'Source path' }).getByText('Now').waitFor();
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    const notice = dialog.getByTestId('error-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-message-id'), 'edit.liveRefused');
    assert.ok(!(await dumpxml('--inactive')).includes('virtdeck-hwui.iso'), 'nothing written after the refusal');
    await dialog.getByRole('button', { name: 'Apply at Next Boot' }).click();
    await dialog.waitFor({ state: 'detached' });
    await editor().getByRole('status').getByText('at the next boot').waitFor();
    assert.ok((await dumpxml('--inactive')).includes("<source file='/nonexistent/virtdeck-hwui.iso'/>"), 'the definition has it');
    assert.ok(!(await dumpxml()).includes('virtdeck-hwui.iso'), 'the running VM does not');
  });

  it('sets a display password, never showing it (QEMU refuses it live for a display started without one: at the next boot)', async () => {
    await option('Display VNC').click();
    await editor().getByLabel('Require a password').check();
    const password = editor().getByLabel('New password');
    assert.equal(await password.getAttribute('type'), 'password');
    // VNC takes at most 8 characters (libvirt refuses more): said before anything is sent.
    await password.fill('hwui-secret');
    await editor().getByText('At most 8 characters for VNC.').waitFor();
    assert.equal(await editor().getByRole('button', { name: 'Apply', exact: true }).isDisabled(), true);
    await password.fill('hwui-pw1');
    await editor().getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply changes to Display VNC' });
    const diff = (await dialog.getByTestId('edit-diff').textContent()) ?? '';
    assert.ok(!diff.includes('hwui-pw1') && diff.includes("passwd='••••••'"), diff);
    // The preview already says so: the display started without a password.
    await dialog.getByRole('row').filter({ hasText: 'Password' }).getByText('At the next boot').waitFor();
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(await dumpxml('--inactive', '--security-info'), /passwd='hwui-pw1'/);
    assert.ok(!(await page.content()).includes('hwui-pw1'), 'the page never shows it');
    assert.deepEqual(app.errors, []);
  });
});
