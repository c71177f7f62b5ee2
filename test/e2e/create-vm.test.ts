// The New VM wizard end to end (browser mode, Chromium, qemu:///system): a direct kernel boot
// of the tiny guest reaches its shell, an imported qcow2 becomes the VM's disk, and a create
// that fails midway leaves neither a definition nor a volume behind.
import assert from 'node:assert/strict';
import { execFile as execFileCb } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor } from '../integration/native/support.js';
import { tinyGuest, type TinyGuest } from '../support/tiny-guest.js';
import { tinyIso } from '../support/tiny-iso.js';
import { artifacts, startApp, type App } from './support.js';
import { askSerialConsole, walkWizard } from './create-wizard.js';

const execFile = promisify(execFileCb);
const IMAGES = '/var/lib/libvirt/images';
// These machines may show a /dev/kvm whose nested KVM cannot run a host-passthrough CPU
// ("failed to set MSR"): the tests choose TCG under Advanced, as every other guest test here does.
const TCG = 'QEMU (TCG emulation)' as const;

describe('New VM wizard (browser mode, Chromium, qemu:///system)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let guest: TinyGuest;
  const names: string[] = [];
  const files: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    guest = await tinyGuest();
    app = await startApp();
    await app.page.getByRole('button', { name: 'New VM' }).and(app.page.locator(':enabled')).waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await app?.close();
    for (const n of names) await purgeDomain(conn, n);
    for (const f of files) await rm(f, { force: true });
    await conn?.close();
  });

  it('(a) direct kernel boot of the tiny guest boots to its shell, and the console opens', async () => {
    const name = uniqueName('wiz-kernel');
    names.push(name);
    const p = app.page;
    const w = await walkWizard(p, {
      source: 'Direct kernel boot',
      fields: { 'Kernel path': guest.kernel, 'Initrd path': guest.initrd, 'Kernel command line': 'console=tty1 console=ttyS0 quiet panic=-1' },
      name,
      virtType: TCG,
      shots: 'create-kernel',
    });
    // The wizard says that the VM is emulated, and why that matters.
    await w
      .getByText(/runs under QEMU’s emulator \(TCG\).*several times slower/)
      .first()
      .waitFor();
    await w.getByText(/QEMU \(TCG emulation\) · q35 · BIOS/).waitFor();
    await w.getByRole('button', { name: 'Finish' }).click();
    await p.getByRole('region', { name: `Console of ${name}` }).waitFor({ timeout: 60_000 });
    await p.screenshot({ path: join(artifacts, 'create-kernel-6-console.png') });
    const xml = await (await conn.lookupByName(name)).XMLDesc();
    assert.match(xml, new RegExp(`<kernel>${guest.kernel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</kernel>`));
    assert.match(xml, /<graphics type='vnc' port='\d+' autoport='yes' listen='127\.0\.0\.1'>/);
    await askSerialConsole(p, name, 'echo hello-$((6*7))', 'hello-42');
    await p.screenshot({ path: join(artifacts, 'create-kernel-7-serial.png') });
    assert.deepEqual(app.errors, []);
  });

  it('(b) a bootable ISO as install media is detected (Debian 11 by its volume id) and boots from the CD-ROM', async () => {
    const name = uniqueName('wiz-iso');
    names.push(name);
    const iso = await tinyIso();
    const p = app.page;
    const w = await walkWizard(p, {
      source: 'Local install media (ISO image)',
      fields: { 'ISO image path': iso },
      disk: 'new',
      sizeGiB: '1',
      name,
      virtType: TCG,
      shots: 'create-iso',
      onOsStep: async (step) => {
        await step.getByText('Detected from the media: Debian 11').waitFor();
        assert.equal(await step.getByRole('listbox', { name: 'Operating system' }).inputValue(), 'debian11');
      },
    });
    const summary = await w.locator('dl.summary').innerText();
    assert.match(summary, /Debian 11/);
    assert.match(summary, new RegExp(`New qcow2 volume ${IMAGES}/${name}\\.qcow2`));
    await w.getByRole('button', { name: 'Finish' }).click();
    await p.getByRole('region', { name: `Console of ${name}` }).waitFor({ timeout: 60_000 });
    files.push(join(IMAGES, `${name}.qcow2`));
    const dom = await conn.lookupByName(name);
    // The install boots from the CD-ROM; the saved definition boots from the disk, media ejected.
    const live = await dom.XMLDesc();
    assert.match(live, /<boot dev='cdrom'\/>\s*<boot dev='hd'\/>/);
    assert.ok(live.includes(`<source file='${iso}'`), 'the ISO is the CD-ROM');
    const xml = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    assert.match(xml, /<os>\s*<type[^>]*>hvm<\/type>\s*<boot dev='hd'\/>/);
    assert.ok(!xml.includes(iso), 'the final config has no install media');
    assert.match(xml, /<libosinfo:os id=["']http:\/\/debian\.org\/debian\/11["']\/>/);
    await askSerialConsole(p, name, 'echo cdrom-$((6*7))', 'cdrom-42');
    await p.screenshot({ path: join(artifacts, 'create-iso-7-serial.png') });
  });

  it('(c) importing an existing qcow2 disk defines a VM with that disk', async () => {
    const name = uniqueName('wiz-import');
    names.push(name);
    const disk = join(IMAGES, `${name}-existing.qcow2`);
    files.push(disk);
    await execFile('qemu-img', ['create', '-f', 'qcow2', disk, '64M']);
    const p = app.page;
    const w = await walkWizard(p, { source: 'Import existing disk image', fields: { 'Disk image path': disk }, name, virtType: TCG, shots: 'create-import' });
    await w.getByText(disk).waitFor();
    await w.getByRole('button', { name: 'Finish' }).click();
    await w.waitFor({ state: 'detached', timeout: 60_000 });
    const xml = await (await conn.lookupByName(name)).XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    assert.match(xml, new RegExp(`<driver name='qemu' type='qcow2'[^>]*/>\\s*<source file='${disk}'/>`));
    assert.match(xml, /<boot dev='hd'\/>/);
  });

  it('(d) a cloud image: the disk is a qcow2 overlay on the base image, and a cidata seed holds the user and key', async () => {
    const name = uniqueName('wiz-cloud');
    names.push(name);
    const base = join(IMAGES, `${name}-base.qcow2`);
    files.push(base);
    await execFile('qemu-img', ['create', '-f', 'qcow2', base, '96M']);
    const keyFile = join(app.configDir, '..', 'id_ed25519');
    await execFile('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'alice@wizard', '-f', keyFile]);
    const key = (await readFile(`${keyFile}.pub`, 'utf8')).trim();
    const p = app.page;
    const w = await walkWizard(p, {
      source: 'Cloud image with cloud-init',
      // The image is chosen from the pool's volumes, as on a host whose files cannot be browsed.
      fields: { 'User name': 'alice', 'SSH public keys': key, Hostname: 'cloudy' },
      pickVolume: `${name}-base.qcow2 (qcow2, 96 MiB)`,
      onSourceStep: async (src) => assert.equal(await src.getByRole('checkbox', { name: 'Remove the cloud-init seed after the first boot' }).isChecked(), true),
      sizeGiB: '1',
      name,
      virtType: TCG,
      shots: 'create-cloud',
    });
    const seedPath = join(IMAGES, `${name}-cidata.iso`);
    await w.locator('dl.summary').getByText(seedPath).waitFor();
    // On by default, as virt-install does: the summary says what happens after the first boot.
    await w.locator('dl.summary').getByText('The seed is detached, and deleted when the VM first stops').waitFor();
    await w.getByRole('button', { name: 'Finish' }).click();
    await w.waitFor({ state: 'detached', timeout: 60_000 });
    const overlay = join(IMAGES, `${name}.qcow2`);
    files.push(overlay, seedPath);
    const dom = await conn.lookupByName(name);
    const xml = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    assert.ok(xml.includes(`<source file='${overlay}'/>`), 'the overlay is the disk');
    assert.ok((await dom.XMLDesc()).includes(`<source file='${seedPath}'`), 'the first boot has the seed attached');
    assert.ok(!xml.includes(seedPath), 'the persistent definition has no seed');
    assert.doesNotMatch(xml, /alice|ssh-ed25519/, 'no cloud-init data in the domain XML');
    const info = JSON.parse((await execFile('qemu-img', ['info', '-U', '--output=json', overlay])).stdout) as { format: string; 'backing-filename'?: string };
    assert.equal(info.format, 'qcow2');
    assert.equal(info['backing-filename'], base);
    // Read the seed back with xorriso, as cloud-init's NoCloud reader would see it.
    const out = join(app.configDir, '..', 'seed');
    await execFile('xorriso', ['-osirrox', 'on', '-indev', seedPath, '-extract', '/', out]);
    const userData = await readFile(join(out, 'user-data'), 'utf8');
    const metaData = await readFile(join(out, 'meta-data'), 'utf8');
    assert.match(userData, /^#cloud-config\n/);
    assert.match(userData, /name: alice/);
    assert.ok(userData.includes(key), 'the key is in user-data');
    assert.match(metaData, /local-hostname: cloudy/);
    assert.match(metaData, new RegExp(`instance-id: ${name}-`));
    const { stdout: label } = await execFile('xorriso', ['-indev', seedPath, '-pvd_info']);
    assert.match(label, /Volume Id\s*:\s*cidata/i);
  });

  for (const failure of ['define', 'start'] as const) {
    it(`(e) a create that fails while ${failure === 'define' ? 'defining' : 'starting'} rolls back its disk${failure === 'start' ? ' and definition' : ''}`, async () => {
      const name = uniqueName(`wiz-fail-${failure}`);
      names.push(name);
      const p = app.page;
      const w = await walkWizard(p, {
        source: 'Direct kernel boot',
        fields: { 'Kernel path': guest.kernel },
        disk: 'new',
        sizeGiB: '1',
        name,
        virtType: TCG,
        customize: true,
      });
      await w.getByRole('button', { name: 'Forward' }).click();
      const editor = w.getByRole('textbox', { name: 'Domain XML' });
      await waitFor('the XML in the editor', async () => (await editor.inputValue()).includes(`<name>${name}</name>`) || null);
      const xml = await editor.inputValue();
      const volumePath = /<source file='([^']+)'\/>/.exec(xml)?.[1];
      assert.ok(volumePath?.startsWith(`${IMAGES}/${name}`), 'the new disk is in the default pool');
      files.push(volumePath!);
      // define: libvirt's validation refuses an unknown element; start: a kernel that is not there.
      const broken = failure === 'define' ? xml.replace('<devices>', '<devices>\n    <bogus-device/>') : xml.replace(guest.kernel, '/nonexistent/vmlinuz');
      await editor.fill(broken);
      await p.screenshot({ path: join(artifacts, `create-fail-${failure}-customize.png`) });
      await w.getByRole('button', { name: 'Begin Installation' }).click();
      const alert = w.getByRole('alert').filter({ hasText: 'The VM was not created' });
      await alert.waitFor({ timeout: 60_000 });
      const text = await alert.innerText();
      assert.match(text, failure === 'define' ? /while defining the VM/ : /while starting the VM/);
      assert.match(text, /Nothing was left behind/);
      await p.screenshot({ path: join(artifacts, `create-fail-${failure}.png`) });
      await assert.rejects(conn.lookupByName(name), (e) => e instanceof libvirt.LibvirtError && e.code === libvirt.ErrorNumber.NO_DOMAIN);
      const pool = await conn.storagePoolLookupByName('default');
      await pool.refresh();
      const vols = await Promise.all((await pool.listAllVolumes()).map((v) => v.name()));
      assert.ok(!vols.some((v) => v.startsWith(name)), `no volume of ${name} is left: ${vols.join(', ')}`);
      await w.getByRole('button', { name: 'Cancel' }).click();
      await w.waitFor({ state: 'detached' });
    });
  }
});
