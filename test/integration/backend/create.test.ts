// vmCreate.* through the contract against qemu:///system: the preview is what gets defined
// (libvirt validates it), a name taken between preview and Finish fails at define and takes
// the new disk with it, a pool too small is refused before anything is made, progress is
// reported step by step, and hostile names never reach libvirt.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import type { VmCreateSpec } from '../../../electron/common/api/vm-create.js';
import { SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';
import { tinyIso } from '../../support/tiny-iso.js';
import { purgeCreated } from '../../support/create-fixtures.js';
import { englishMessage } from '../../../electron/common/messages/messages.js';

describe('vmCreate.* on qemu:///system', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let connection: string;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await h.client.api.connections.open({ id: connection });
  });
  after(async () => {
    await purgeCreated(conn, names);
    await h?.close();
    await conn?.close();
  });

  const spec = (name: string, extra: Partial<VmCreateSpec> = {}): VmCreateSpec => ({
    connection,
    name,
    source: { kind: 'pxe' },
    os: 'linux2022',
    memoryMiB: 128,
    vcpus: 1,
    storage: { kind: 'new', pool: 'default', sizeGiB: 0.01, format: 'qcow2' },
    network: { kind: 'none' },
    virtType: 'qemu',
    ...extra,
  });

  async function volumesOf(name: string): Promise<string[]> {
    const pool = await conn.storagePoolLookupByName('default');
    await pool.refresh();
    return (await Promise.all((await pool.listAllVolumes()).map((v) => v.name()))).filter((v) => v.startsWith(name));
  }

  it('a name taken after the preview fails at define, says so, and deletes the new disk', async () => {
    const name = uniqueName('create-taken');
    names.push(name);
    const preview = await h.client.api.vmCreate.preview({ spec: spec(name) });
    assert.match(preview.xml, new RegExp(`<name>${name}</name>`));
    // Someone else (virsh, another window) takes the name meanwhile.
    const theirs = await conn.defineXML(tinyDomainXML(name));
    const job = `job-${name}`;
    const before = h.events.length;
    const progress: string[] = [];
    let last = '';
    const off = h.client.on('job.progressed', (e) => e.id === job && englishMessage(e.message) !== last && (last = englishMessage(e.message)) && progress.push(e.step));
    await assert.rejects(h.client.api.vmCreate.run({ job, spec: spec(name) }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.match(e.message, /failed while defining the VM: .*already exists.*Nothing was left behind\./);
      assert.equal(e.hint, 'Choose another name for the VM.');
      return true;
    });
    off();
    assert.deepEqual(progress, ['storage', 'define', 'rollback']);
    assert.deepEqual(await volumesOf(name), [], 'the new disk was deleted');
    assert.equal(await (await conn.lookupByName(name)).UUIDString(), await theirs.UUIDString(), 'their VM is untouched');
    assert.ok(h.events.length >= before);
  });

  it('a pool too small for the disk is refused before anything is created', async () => {
    const name = uniqueName('create-big');
    const pool = await conn.storagePoolLookupByName('default');
    const tooBig = Math.ceil((await pool.info()).available / 1024 ** 3) + 1024;
    await assert.rejects(
      h.client.api.vmCreate.run({ job: `job-${name}`, spec: spec(name, { storage: { kind: 'new', pool: 'default', sizeGiB: tooBig, format: 'qcow2' } }) }),
      (e: unknown) => e instanceof ApiError && /failed while checking the settings: The pool “default” has .* GiB free/.test(e.message) && /smaller disk/.test(e.hint ?? ''),
    );
    assert.deepEqual(await volumesOf(name), []);
    await assert.rejects(conn.lookupByName(name));
  });

  it('refuses hostile names before libvirt sees them', async () => {
    for (const bad of ["x'/><devices><disk", '../../etc/passwd', 'a b', '-x']) {
      await assert.rejects(h.client.api.vmCreate.preview({ spec: spec(bad) }), (e: unknown) => e instanceof ApiError && e.code === 'invalid-input', bad);
    }
  });

  it('defines exactly the previewed XML after an edit, with libvirt’s validation', async () => {
    const name = uniqueName('create-custom');
    names.push(name);
    const s = spec(name, { storage: { kind: 'none' } });
    const preview = await h.client.api.vmCreate.preview({ spec: s });
    const edited = preview.xml.replace('</devices>', "  <watchdog model='i6300esb' action='reset'/>\n  </devices>");
    const result = await h.client.api.vmCreate.run({ job: `job-${name}`, spec: s, xml: edited });
    assert.equal(result.name, name);
    assert.match(await (await conn.lookupByName(name)).XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<watchdog model='i6300esb' action='reset'>/);
  });

  it('the install runs with the install config while the definition is already the final one (boots from the disk, media ejected)', async () => {
    const name = uniqueName('create-final');
    names.push(name);
    const iso = await tinyIso();
    const s = spec(name, { source: { kind: 'iso', path: iso } });
    const preview = await h.client.api.vmCreate.preview({ spec: s });
    assert.match(preview.finalXml, /<boot dev='hd'\/>/);
    assert.doesNotMatch(preview.finalXml, /<boot dev='cdrom'\/>/);
    const progress: string[] = [];
    let last = '';
    const job = `job-${name}`;
    const off = h.client.on('job.progressed', (e) => e.id === job && englishMessage(e.message) !== last && (last = englishMessage(e.message)) && progress.push(e.step));
    await h.client.api.vmCreate.run({ job, spec: s });
    off();
    // The definition is the final one before the install starts.
    assert.deepEqual(progress, ['storage', 'define', 'define', 'start', 'done']);
    const dom = await conn.lookupByName(name);
    assert.equal(await dom.isActive(), true);
    const live = await dom.XMLDesc();
    const persistent = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    const cdrom = (xml: string) => /<disk type='file' device='cdrom'>[\s\S]*?<\/disk>/.exec(xml)?.[0] ?? '';
    assert.match(live, /<boot dev='cdrom'\/>/, 'the running install boots from the CD-ROM');
    assert.ok(cdrom(live).includes(`<source file='${iso}'`), 'the running install has its media');
    assert.doesNotMatch(persistent, /<boot dev='cdrom'\/>/);
    assert.match(persistent, /<boot dev='hd'\/>/, 'the next start boots from the disk');
    assert.ok(cdrom(persistent), 'the drive stays');
    assert.doesNotMatch(cdrom(persistent), /<source /, 'its media is ejected');
    // Once the install stops, the final config is what the VM is.
    await dom.destroy();
    assert.match(await dom.XMLDesc(), /<boot dev='hd'\/>/);
  });
});
