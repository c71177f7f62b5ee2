// The Hardware tab's host-aware editors in Chromium (browser mode) against the local libvirtd
// (qemu:///system, TCG): the CPU modes and models this host supports for the VM and its nested
// virtualization state; shared memory and huge pages; a disk's source chosen from a storage
// pool (by path, and by pool and volume name); host PCI/USB devices, a virtiofs share, TPM, RNG,
// watchdog and panic notifier added; unapplied changes not dropped without asking; a read-only
// connection changing nothing; "Restart pending" in the VM list and the details header; and, on
// libvirt's test driver (whose node file can hold IOMMU groups, which this host lacks), the
// IOMMU group warning. What the page shows is checked against libvirt's own answers (virsh),
// never against fixed lists. Screenshots (light and dark) go to /tmp/hwui2-*.png.
import { nestedState } from '../../electron/node/hosts/host-hardware.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor, xmlEscape } from '../integration/native/support.js';
import { addConnection, startApp, type App } from './support.js';

const run = promisify(execFile);
const virsh = async (...args: string[]) => (await run('virsh', ['-c', SYSTEM_URI, ...args])).stdout;

async function shoot(page: Page, label: string, target: Page | Locator = page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await target.screenshot({ path: `/tmp/hwui2-${label}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The host's nested virtualization switch, read as the backend reads it (this machine's /sys). */
/** Opens a VM's Hardware tab by URL once its host shows in the URL. */
async function openHardware(page: Page, app: App, uuid: string): Promise<void> {
  const listHash = await waitFor('the host in the URL', async () => /^#\/host\/[^/]+/.exec(await page.evaluate<string>('location.hash'))?.[0] ?? null);
  await page.goto(`${app.url.origin}/${listHash}/vm/${uuid}/hardware`);
  await page.getByRole('tab', { name: 'Hardware', exact: true, selected: true }).waitFor();
}

describe('the Hardware tab with the host’s facts, more devices and a read-only connection (qemu:///system)', () => {
  let app: App;
  let page: Page;
  let conn: libvirt.Connection;
  let pool: libvirt.StoragePool | undefined;
  let dir = '';
  const name = uniqueName('hwui2');
  const poolName = uniqueName('hwui2-pool');
  let uuid = '';
  let caps = '';

  const dumpxml = () => virsh('dumpxml', '--inactive', name);
  const option = (label: string) => page.getByRole('listbox', { name: 'Hardware' }).getByRole('option', { name: label, exact: true });
  const editor = () => page.getByTestId('hardware-editor');
  const addDialog = () => page.getByRole('dialog', { name: 'Add Hardware' });
  const apply = () => editor().getByRole('button', { name: 'Apply', exact: true });

  /** Opens the preview with `start`, checks it, applies; resolves with the diff's text. */
  async function throughPreview(title: string, start: () => Promise<void>): Promise<string> {
    await start();
    const dialog = page.getByRole('dialog', { name: title });
    const diff = dialog.getByTestId('edit-diff');
    await diff.waitFor();
    const text = (await diff.textContent()) ?? '';
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  /** Add Hardware with the kind `kind` chosen; `fill` sets the rest. */
  async function openAdd(kind: string): Promise<Locator> {
    await page.getByRole('button', { name: 'Add Hardware…' }).click();
    const add = addDialog();
    await add.getByRole('radio', { name: kind, exact: true }).check();
    return add;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-hwui2-'));
    await mkdir(join(dir, 'pool'));
    await mkdir(join(dir, 'share'));
    await writeFile(join(dir, 'system.img'), Buffer.alloc(1024 * 1024));
    await writeFile(join(dir, 'pool', 'data.img'), Buffer.alloc(1024 * 1024));
    conn = await libvirt.open(SYSTEM_URI);
    pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${xmlEscape(poolName)}</name><target><path>${xmlEscape(join(dir, 'pool'))}</path></target></pool>`);
    await pool.create();
    const disk = `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${xmlEscape(join(dir, 'system.img'))}'/><target dev='sda' bus='sata'/></disk>`;
    const dom = await conn.defineXML(tinyDomainXML(name, { devices: disk }));
    uuid = (await dom.UUIDString()).toLowerCase();
    caps = await virsh('domcapabilities', '--virttype', 'qemu', '--arch', 'x86_64', '--machine', 'pc');
    app = await startApp();
    page = app.page;
    await page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
    await openHardware(page, app, uuid);
    await option('CPUs').waitFor();
  });
  after(async () => {
    await app?.close();
    if (conn) await purgeDomain(conn, name);
    await pool?.destroy().catch(() => 0);
    await pool?.undefine().catch(() => 0);
    await conn?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('offers only the CPU modes this host supports, its models (usable first, the others marked), and the nested virtualization state', async () => {
    await option('CPUs').click();
    const supported = [...caps.matchAll(/<mode name='([a-z-]+)' supported='yes'/g)].map((m) => m[1]!);
    const mode = editor().getByLabel('CPU model', { exact: true });
    await waitFor('the host’s modes in the list', async () => {
      const values = await mode.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      return values.length === supported.length + 1 || null;
    });
    const values = await mode.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    assert.deepEqual(values.slice(1).sort(), [...supported].sort(), 'the supported modes, and “Hypervisor default”');
    assert.equal(values[0], '');
    // The nested hint says what the host's kvm module allows, and what exposes it.
    // The backend's own reading of this machine's /sys (tested against a laid-out /sys in host-hardware.test.ts).
    const nested = await nestedState(false);
    const hint = editor().getByTestId('nested-hint');
    assert.equal(await hint.getAttribute('data-state'), nested.state);
    const words = (await hint.textContent()) ?? '';
    // KVM without a nested switch (kvm_pvm) says so; everywhere else, what exposes nesting.
    if (nested.state !== 'unsupported') assert.match(words, /host-passthrough \(or host-model with/);
    if (nested.module) assert.ok(words.includes(nested.module), words);
    else assert.ok(words.includes(nested.state === 'no-kvm' ? 'no KVM module loaded' : 'cannot read'), words);

    // A named model: the usable ones first, the others marked.
    await mode.selectOption('custom');
    const model = editor().getByLabel('Model name', { exact: true });
    const groups = model.locator('optgroup');
    assert.equal(await groups.nth(0).getAttribute('label'), 'Usable on this host');
    const usable = [...caps.matchAll(/<model usable='yes'[^>]*>([^<]+)<\/model>/g)].map((m) => m[1]!);
    const unusable = [...caps.matchAll(/<model usable='no'[^>]*>([^<]+)<\/model>/g)].map((m) => m[1]!);
    assert.deepEqual((await groups.nth(0).locator('option').allTextContents()).sort(), [...usable].sort());
    if (unusable.length) {
      assert.equal(await groups.nth(1).getAttribute('label'), 'Not usable on this host');
      assert.deepEqual((await groups.nth(1).locator('option').allTextContents()).sort(), unusable.map((m) => `${m} (not usable here)`).sort());
      await model.selectOption(unusable[0]!);
      await editor().getByText(`This host cannot run ${unusable[0]}`).waitFor();
    }
    // libvirt gives a TCG guest a named model when it is defined (qemu64): another usable one.
    const had = /<cpu mode='custom'[\s\S]*?<model[^>]*>([^<]+)<\/model>/.exec(await dumpxml())?.[1];
    const chosen = usable.find((m) => m !== had)!;
    await model.selectOption(chosen);
    await shoot(page, 'cpu-nested');
    const diff = await throughPreview('Apply changes to CPUs', () => apply().click());
    assert.ok(diff.includes(`>${chosen}</model>`), diff);
    assert.ok((await dumpxml()).includes(`>${chosen}</model>`), 'the model is in the definition');
  });

  it('shares the VM’s memory (memfd) and backs it with huge pages, and clears both again', async () => {
    await option('Memory').click();
    await editor().getByText('virtiofs filesystem shares need the VM’s memory shared').waitFor();
    await editor().getByLabel('Shared memory (memfd)').check();
    await editor().getByLabel('Back memory with huge pages').check();
    await shoot(page, 'memory', editor());
    const diff = await throughPreview('Apply changes to Memory', () => apply().click());
    assert.match(diff, /^\+\s*<memoryBacking>$/m);
    const xml = await dumpxml();
    assert.match(xml, /<memoryBacking>\s*<hugepages\/>\s*<source type='memfd'\/>\s*<access mode='shared'\/>\s*<\/memoryBacking>/);
    await waitFor('the editor clean again', async () => (await apply().isDisabled()) || null);
    await editor().getByLabel('Shared memory (memfd)').uncheck();
    await editor().getByLabel('Back memory with huge pages').uncheck();
    await throughPreview('Apply changes to Memory', () => apply().click());
    assert.ok(!(await dumpxml()).includes('memoryBacking'), 'no memory backing left');
  });

  it('asks before dropping unapplied changes (another item, another tab), with the keyboard', async () => {
    await option('Memory').click();
    const current = editor().getByLabel('Current allocation (MiB)');
    const before = await current.inputValue();
    await current.fill('100');
    // Another item with the mouse: Keep editing (focused: Enter) keeps the change.
    await option('CPUs').click();
    const ask = page.getByRole('dialog', { name: 'Discard changes to Memory?' });
    await ask.waitFor();
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.textContent'), 'Keep editing');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    assert.equal(await option('Memory').getAttribute('aria-selected'), 'true');
    assert.equal(await current.inputValue(), '100');
    // Another item with the keyboard: Tab to Discard, Enter; the focus follows the selection.
    await option('Memory').focus();
    await page.keyboard.press('ArrowUp');
    await ask.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.textContent'), 'Discard');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    await editor().getByRole('heading', { name: 'CPUs' }).waitFor();
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.textContent'), 'CPUs');
    await option('Memory').click();
    assert.equal(await current.inputValue(), before, 'the change was dropped');
    // Leaving the tab: Escape keeps editing, Discard leaves.
    await current.fill('100');
    await page.getByRole('tab', { name: 'Overview', exact: true }).click();
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    assert.match(await page.evaluate<string>('location.hash'), /\/hardware$/);
    assert.equal(await current.inputValue(), '100');
    await page.getByRole('tab', { name: 'Overview', exact: true }).click();
    await ask.getByRole('button', { name: 'Discard' }).click();
    await waitFor('the Overview tab', async () => /\/overview$/.test(await page.evaluate<string>('location.hash')) || null);
    // A clean editor is left without asking.
    await page.getByRole('tab', { name: 'Hardware', exact: true }).click();
    await option('Memory').click();
    await option('CPUs').click();
    await editor().getByRole('heading', { name: 'CPUs' }).waitFor();
    assert.equal(await ask.count(), 0);
  });

  it('adds a disk from a storage pool by pool and volume name, then points it at the volume’s path', async () => {
    const volumePath = join(dir, 'pool', 'data.img');
    const add = await openAdd('Storage');
    await add.getByRole('button', { name: 'Choose Volume…' }).click();
    const choose = page.getByRole('dialog', { name: 'Choose a Volume' });
    await choose.getByLabel('Storage pool').selectOption(poolName);
    await choose.getByLabel('Volume', { exact: true }).locator(`option[value="${volumePath}"]`).waitFor();
    await choose.getByLabel('Volume', { exact: true }).selectOption(volumePath);
    await choose.getByLabel('Pool and volume name').check();
    await shoot(page, 'volume', choose);
    await choose.getByRole('button', { name: 'Choose', exact: true }).click();
    await choose.waitFor({ state: 'detached' });
    assert.equal(await add.getByLabel('Volume', { exact: true }).inputValue(), `data.img in pool ${poolName}`);
    const diff = await throughPreview('Add Storage', () => add.getByRole('button', { name: 'Continue' }).click());
    assert.match(diff, /^\+\s*<disk type='volume' device='disk'>$/m);
    assert.ok(diff.includes(`<source pool='${poolName}' volume='data.img'/>`), diff);
    await waitFor('the new disk selected', async () => (await option('VirtIO Disk 1').getAttribute('aria-selected')) === 'true' || null);
    assert.match(await dumpxml(), new RegExp(`<disk type='volume' device='disk'>[\\s\\S]*?<source pool='${poolName}' volume='data.img'/>`));
    // The editor shows the volume, and Choose Volume… changes it to the volume's path.
    assert.equal(await editor().getByLabel('Volume', { exact: true }).inputValue(), `data.img in pool ${poolName}`);
    await editor().getByRole('button', { name: 'Choose Volume…' }).click();
    await choose.getByLabel('Volume', { exact: true }).locator(`option[value="${volumePath}"]`).waitFor();
    assert.equal(await choose.getByLabel('Storage pool').inputValue(), poolName, 'the disk’s own pool first');
    await choose.getByLabel('Volume', { exact: true }).selectOption(volumePath);
    await choose.getByRole('button', { name: 'Choose', exact: true }).click();
    assert.equal(await editor().getByLabel('Source path', { exact: true }).inputValue(), volumePath);
    await throughPreview('Apply changes to VirtIO Disk 1', () => apply().click());
    const xml = await dumpxml();
    assert.match(xml, new RegExp(`<disk type='file' device='disk'>[\\s\\S]*?<source file='${volumePath}'/>\\s*<target dev='vda'`));
    assert.ok(!xml.includes(`pool='${poolName}'`), 'no pool reference left');
    await throughPreview('Remove VirtIO Disk 1', () => editor().getByRole('button', { name: 'Remove', exact: true }).click());
    await option('VirtIO Disk 1').waitFor({ state: 'detached' });
  });

  it('lists the host’s PCI devices with vendor, product, driver and IOMMU group, and passes one through', async () => {
    const names = (await virsh('nodedev-list', '--cap', 'pci')).split('\n').filter(Boolean);
    assert.ok(names.length > 0, 'the host has PCI devices');
    const add = await openAdd('PCI Host Device');
    const list = add.getByTestId('host-devices');
    await list.waitFor();
    assert.equal(await list.getByRole('radio').count(), names.length);
    // One with a product name: its words and driver as libvirt reports them.
    let picked: { address: string; xml: string } | null = null;
    for (const n of names) {
      const xml = await virsh('nodedev-dumpxml', n);
      if (/<product id='[^']+'>[^<]+</.test(xml)) {
        const part = (tag: string) => Number(new RegExp(`<${tag}>(\\d+)</${tag}>`).exec(xml)![1]);
        const hex = (v: number, w: number) => v.toString(16).padStart(w, '0');
        picked = { address: `${hex(part('domain'), 4)}:${hex(part('bus'), 2)}:${hex(part('slot'), 2)}.${part('function')}`, xml };
        break;
      }
    }
    assert.ok(picked, 'a device with a product name');
    const product = />([^<]+)<\/product>/.exec(picked.xml)![1]!;
    const vendor = />([^<]+)<\/vendor>/.exec(picked.xml)![1]!;
    const driver = /<driver>\s*<name>([^<]+)<\/name>/.exec(picked.xml)?.[1];
    const row = list.locator('label').filter({ hasText: picked.address });
    const radio = row.getByRole('radio');
    const rowText = (await row.textContent()) ?? '';
    assert.ok(rowText.includes(vendor) && rowText.includes(product), rowText);
    assert.ok(rowText.includes(driver ? `Driver: ${driver}` : 'No driver bound'), rowText);
    if (/<iommuGroup number='(\d+)'/.test(picked.xml)) assert.ok(rowText.includes(`IOMMU group ${/<iommuGroup number='(\d+)'/.exec(picked.xml)![1]}`), rowText);
    await radio.check();
    await shoot(page, 'hostdevs', add);
    const diff = await throughPreview('Add PCI Host Device', () => add.getByRole('button', { name: 'Continue' }).click());
    const [d, b, s, f] = picked.address.split(/[:.]/);
    assert.match(diff, /^\+\s*<hostdev mode='subsystem' type='pci' managed='yes'>$/m);
    assert.ok(diff.includes(`<address domain='0x${d}' bus='0x${b}' slot='0x${s}' function='0x${f}'/>`), diff);
    const label = `PCI ${picked.address}`;
    await waitFor('the host device selected', async () => (await option(label).getAttribute('aria-selected')) === 'true' || null);
    assert.match(await dumpxml(), /<hostdev mode='subsystem' type='pci' managed='yes'>/);
    // Given once: the list says so.
    await openAdd('PCI Host Device');
    await list.waitFor();
    assert.equal(await radio.isDisabled(), true);
    assert.ok(((await row.textContent()) ?? '').includes('Already given to this VM'));
    await add.getByRole('button', { name: 'Cancel' }).click();
    await throughPreview(`Remove ${label}`, () => editor().getByRole('button', { name: 'Remove', exact: true }).click());
    assert.ok(!(await dumpxml()).includes('<hostdev'), 'the device is gone from the definition');
    // USB: what libvirt reports, or that there is none.
    const usb = (await virsh('nodedev-list', '--cap', 'usb_device')).split('\n').filter(Boolean);
    await openAdd('USB Host Device');
    if (usb.length) assert.equal(await list.getByRole('radio').count(), usb.length);
    else await add.getByText('The host has no device of this kind that libvirt reports.').waitFor();
    await add.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds a virtiofs share, and the preview says the memory becomes shared', async () => {
    const add = await openAdd('Filesystem');
    await add.getByTestId('virtiofs-memory').getByText('Virtdeck turns shared memory on (memfd)').waitFor();
    await add.getByRole('button', { name: 'Continue' }).click();
    await add.getByText('Required').first().waitFor();
    await add.getByLabel('Source path').fill(join(dir, 'share'));
    await add.getByLabel('Target path').fill('hwshare');
    await add.getByRole('button', { name: 'Continue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Filesystem' });
    await dialog.getByRole('row').filter({ hasText: 'Memory backing' }).waitFor();
    const diff = (await dialog.getByTestId('edit-diff').textContent()) ?? '';
    assert.match(diff, /^\+\s*<access mode='shared'\/>$/m);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const xml = await dumpxml();
    assert.match(xml, /<filesystem type='mount' accessmode='passthrough'>\s*<driver type='virtiofs'\/>/);
    assert.ok(xml.includes(`<source dir='${join(dir, 'share')}'/>`) && xml.includes("<target dir='hwshare'/>"), xml);
    assert.match(xml, /<memoryBacking>\s*<source type='memfd'\/>\s*<access mode='shared'\/>/);
    // The Memory editor will not unshare it while the share is there.
    await option('Memory').click();
    const shared = editor().getByLabel('Shared memory (memfd)');
    assert.equal(await shared.isChecked(), true);
    await shared.uncheck();
    await editor().getByText('This VM has a virtiofs share, which needs shared memory.').waitFor();
    assert.equal(await apply().isDisabled(), true);
    await editor().getByRole('button', { name: 'Revert' }).click();
    await option(`Filesystem hwshare`).click();
    await throughPreview('Remove Filesystem hwshare', () => editor().getByRole('button', { name: 'Remove', exact: true }).click());
  });

  it('adds an emulated TPM where the host has swtpm, and says so (libvirt refusing it, nothing written) where it has not', async () => {
    const emulator = /<enum name='backendModel'>[\s\S]*?<value>emulator<\/value>/.test(/<tpm supported='yes'>[\s\S]*?<\/tpm>/.exec(caps)?.[0] ?? '');
    const add = await openAdd('TPM');
    await add.getByText('An emulated TPM 2.0 (swtpm)').waitFor();
    if (!emulator) await add.getByTestId('tpm-warning').getByText('swtpm is not installed').waitFor();
    await add.getByRole('button', { name: 'Continue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add TPM' });
    const diff = (await dialog.getByTestId('edit-diff').textContent()) ?? '';
    assert.match(diff, /^\+\s*<tpm model='tpm-crb'>$/m);
    assert.match(diff, /^\+\s*<backend type='emulator' version='2.0'\/>$/m);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    if (emulator) {
      await dialog.waitFor({ state: 'detached' });
      assert.match(await dumpxml(), /<tpm model='tpm-crb'>\s*<backend type='emulator' version='2.0'\/>/);
    } else {
      await dialog
        .getByTestId('error-notice')
        .getByText(/TPM version '2.0' is not supported/)
        .waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.ok(!(await dumpxml()).includes('<tpm'), 'nothing written');
    }
  });

  it('adds an RNG, a watchdog and a panic notifier; one watchdog is enough', async () => {
    await throughPreview('Add RNG', async () => (await openAdd('RNG')).getByRole('button', { name: 'Continue' }).click());
    await throughPreview('Add Watchdog', async () => (await openAdd('Watchdog')).getByRole('button', { name: 'Continue' }).click());
    await throughPreview('Add Panic Notifier', async () => (await openAdd('Panic Notifier')).getByRole('button', { name: 'Continue' }).click());
    const xml = await dumpxml();
    assert.match(xml, /<rng model='virtio'>\s*<backend model='random'>\/dev\/urandom<\/backend>/);
    assert.match(xml, /<watchdog model='i6300esb' action='reset'\/?>/);
    assert.match(xml, /<panic model='isa'\/>/);
    for (const l of ['RNG /dev/urandom', 'Watchdog', 'Panic Notifier']) await option(l).waitFor();
    const add = await openAdd('Watchdog');
    await add.getByText('The VM has one already.').waitFor();
    assert.equal(await add.getByRole('button', { name: 'Continue' }).isDisabled(), true);
    await add.getByRole('button', { name: 'Cancel' }).click();
  });

  it('changes nothing on a read-only connection, and says why once', async () => {
    const entry = page.getByTestId(`connection-${SYSTEM_URI}`);
    await entry.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Connection' });
    await edit.getByLabel('Read-only').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await entry.getByTestId('connection-read-only').waitFor();
    await entry.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    await openHardware(page, app, uuid);
    const note = page.getByTestId('read-only');
    await note.getByText('is read-only: Virtdeck can show this VM but not change it.').waitFor();
    assert.equal(await note.count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Add Hardware…' }).isDisabled(), true);
    await option('Memory').click();
    assert.equal(await editor().getByLabel('Current allocation (MiB)').isDisabled(), true);
    assert.equal(await editor().getByLabel('Shared memory (memfd)').isDisabled(), true);
    assert.equal(await apply().isDisabled(), true);
    await option('SATA Disk 1').click();
    for (const b of ['Remove', 'Resize…', 'Choose Volume…', 'Apply']) assert.equal(await editor().getByRole('button', { name: b, exact: true }).isDisabled(), true, b);
    assert.equal(await editor().getByLabel('Source path', { exact: true }).isDisabled(), true);
    await option('Watchdog').click();
    assert.equal(await editor().getByRole('button', { name: 'Remove', exact: true }).isDisabled(), true);
    await shoot(page, 'readonly');
    // Read-write again: editable.
    await entry.getByRole('button', { name: 'Edit' }).click();
    await edit.getByLabel('Read-only').uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await entry.getByTestId('connection-read-only').waitFor({ state: 'detached' });
    await entry.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    await openHardware(page, app, uuid);
    await option('CPUs').waitFor();
    assert.equal(await page.getByTestId('read-only').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add Hardware…' }).isDisabled(), false);
    assert.deepEqual(app.errors, []);
  });
});

describe('Restart pending in the VM list and the details header (qemu:///system, a running VM)', () => {
  let app: App;
  let page: Page;
  let conn: libvirt.Connection;
  const name = uniqueName('hwui2-run');
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-hwui2-run-'));
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.defineXML(tinyDomainXML(name));
    await dom.create();
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

  it('marks the row once the definition holds a change the running VM takes at its next start, and the header too', async () => {
    const row = page.getByTestId(`vm-${name}`);
    await row.getByText('Running').waitFor();
    assert.equal(await row.getByTestId('restart-pending').count(), 0);
    // Changed with virsh: the definition's maximum memory (the running VM keeps its own).
    const xml = await virsh('dumpxml', '--inactive', name);
    await writeFile(join(dir, 'def.xml'), xml.replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>131072</memory>"));
    await virsh('define', join(dir, 'def.xml'));
    await row.getByTestId('restart-pending').getByText('Restart pending').waitFor({ timeout: 30_000 });
    await shoot(page, 'list-badge', page.getByRole('grid'));
    await row.dblclick();
    await page.getByTestId('vm-details').getByTestId('details-restart-pending').getByText('Restart pending').waitFor();
    await shoot(page, 'header-badge');
    assert.deepEqual(app.errors, []);
  });
});

describe('the IOMMU group warning for a host PCI device (test driver with a node file)', () => {
  let app: App;
  let dir = '';
  const uuid = '6a1f0c5e-2b7d-4f1e-9a43-0c1d2e3f4a5b';

  const pci = (slot: string, fn: number, product: string, group: number, peers: string[]) => `
  <device>
    <name>pci_0000_00_${slot}_${fn}</name>
    <parent>computer</parent>
    <capability type='pci'>
      <class>0x060100</class>
      <domain>0</domain><bus>0</bus><slot>${Number.parseInt(slot, 16)}</slot><function>${fn}</function>
      <product id='0x29${slot}'>${product}</product>
      <vendor id='0x8086'>Intel Corporation</vendor>
      <iommuGroup number='${group}'>
        ${peers.map((a) => `<address domain='0x0000' bus='0x00' slot='0x${a.slice(0, 2)}' function='0x${a.slice(3)}'/>`).join('\n        ')}
      </iommuGroup>
    </capability>
  </device>`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-hwui2-iommu-'));
    const node = `<node>
  <domain type='test'>
    <name>hwui2-iommu</name>
    <uuid>${uuid}</uuid>
    <memory>65536</memory>
    <os><type>hvm</type></os>
  </domain>
  ${pci('1f', 0, 'ICH9 LPC Interface Controller', 7, ['1f.0', '1f.2', '1f.3'])}
  ${pci('1f', 2, 'ICH9 SATA Controller', 7, ['1f.0', '1f.2', '1f.3'])}
  ${pci('1f', 3, 'ICH9 SMBus Controller', 7, ['1f.0', '1f.2', '1f.3'])}
  ${pci('02', 0, 'Integrated Graphics', 8, ['02.0'])}
</node>`;
    await writeFile(join(dir, 'node.xml'), node);
    app = await startApp();
    // The backend lets the test driver read files only under directories the user chose.
    await writeFile(join(app.configDir, 'test-driver-dirs.json'), JSON.stringify({ dirs: [dir] }));
  });
  after(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names every other device of the chosen device’s IOMMU group, and says when it is alone', async () => {
    const page = app.page;
    const uri = `test://${join(dir, 'node.xml')}`;
    const entry = await addConnection(page, uri, async (dialog) => {
      await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'Custom URI' });
      await dialog.getByLabel('URI', { exact: true }).fill(uri);
    });
    await entry.click();
    await page.getByTestId('vm-hwui2-iommu').waitFor();
    await openHardware(page, app, uuid);
    await page.getByRole('button', { name: 'Add Hardware…' }).click();
    const add = page.getByRole('dialog', { name: 'Add Hardware' });
    await add.getByRole('radio', { name: 'PCI Host Device', exact: true }).check();
    const list = add.getByTestId('host-devices');
    await list.getByRole('radio').nth(3).waitFor();
    assert.equal(await list.getByRole('radio').count(), 4);
    const sata = list.locator('label').filter({ hasText: '0000:00:1f.2' });
    assert.match((await sata.textContent()) ?? '', /^0000:00:1f\.2 Intel Corporation ICH9 SATA Controller/);
    await sata.getByRole('radio').check();
    const warning = add.getByTestId('iommu-warning');
    assert.equal(
      await warning.textContent(),
      'Passing this device through takes every device in its IOMMU group: 0000:00:1f.0 (ICH9 LPC Interface Controller), 0000:00:1f.3 (ICH9 SMBus Controller).',
    );
    assert.ok(((await list.locator('label').filter({ hasText: '0000:00:1f.2' }).textContent()) ?? '').includes('IOMMU group 7'));
    await shoot(page, 'iommu', add);
    await list.locator('label').filter({ hasText: '0000:00:02.0' }).getByRole('radio').check();
    await warning.waitFor({ state: 'detached' });
    await add.getByText('This device is alone in its IOMMU group.').waitFor();
    assert.deepEqual(app.errors, []);
  });
});
