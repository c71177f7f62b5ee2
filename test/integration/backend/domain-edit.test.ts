// The VM details editors' changes on a VM that is shut off, on qemu:///system: each change
// edits the definition in place (libvirt's own dump before and after differs only in the lines
// the change names), XML Virtdeck does not model survives every change, a change made with
// virsh meanwhile is a conflict, and input that does not fit is refused with nothing written.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { diffLines } from 'diff';
import * as libvirt from 'virtdeck/native';
import type { DomainChange } from '../../../electron/common/api/domain-edits.js';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { purgeDomain, SYSTEM_URI, uniqueName, xmlEscape } from '../native/support.js';
import { harness, openConnection, type Harness } from './support.js';

const run = promisify(execFile);
const INACTIVE = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;
const isApiError = (code: string, message?: RegExp) => (e: unknown) => e instanceof ApiError && e.code === code && (!message || message.test(e.message));

/** The lines a change removed and added, trimmed (libvirt's dumps are the same text otherwise). */
function changed(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim());
    if (part.removed) removed.push(...lines);
    if (part.added) added.push(...lines);
  }
  return { removed, added };
}

const UNMODELLED = [
  // libvirt writes foreign metadata back with double quotes.
  '<other:thing xmlns:other="https://example.org/other">keep &amp; me</other:thing>',
  "<qemu:env name='VIRTDECK_EDIT_TEST' value='a&lt;b'/>",
];

function domainXml(name: string, disk: string): string {
  return `<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>${xmlEscape(name)}</name>
  <metadata>${UNMODELLED[0]}</metadata>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${xmlEscape(disk)}'/><target dev='sda' bus='sata'/></disk>
    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>
    <serial type='pty'><target port='0'/></serial>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
    <video><model type='vga'/></video>
  </devices>
  <qemu:commandline>${UNMODELLED[1]}</qemu:commandline>
</domain>`;
}

describe('editing a shut-off VM (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let dom: libvirt.Domain;
  let ref: DomainRef;
  let dir: string;
  const name = uniqueName('edit-off');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-edit-'));
    await writeFile(join(dir, 'system.img'), Buffer.alloc(1024 * 1024));
    await writeFile(join(dir, 'data.img'), Buffer.alloc(1024 * 1024));
    conn = await libvirt.open(SYSTEM_URI);
    dom = await conn.defineXML(domainXml(name, join(dir, 'system.img')));
    h = await harness();
    const id = await openConnection(h, SYSTEM_URI);
    ref = { connection: id, uuid: await dom.UUIDString() };
  });
  after(async () => {
    await h?.close();
    await purgeDomain(conn, name);
    await conn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const inactive = () => dom.XMLDesc(INACTIVE);
  /** Applies changes to the current definition; returns libvirt's dump before and after and the result. */
  async function apply(changes: DomainChange[]) {
    const { xml: before, etag } = await h.client.api.domains.xml({ ref });
    const result = await h.client.api.domains.applyEdit({ ref, etag, changes });
    const after = await inactive();
    for (const keep of UNMODELLED) assert.ok(after.includes(keep), `kept ${keep}`);
    return { before, after, result, ...changed(before, after) };
  }
  const deviceId = async (kind: string, pick: (xml: string) => boolean) => {
    const hw = await h.client.api.domains.hardware({ ref });
    const d = hw.devices.find((x) => x.kind === kind && pick(x.xml));
    assert.ok(d, `a ${kind} device`);
    return d.id;
  };

  it('previews without writing, and the preview is what apply then does', async () => {
    const { xml: before, etag } = await h.client.api.domains.xml({ ref });
    const changes: DomainChange[] = [{ kind: 'domain', set: { title: 'Build <box> & co' } }];
    const preview = await h.client.api.domains.previewEdit({ ref, etag, changes });
    assert.equal(await inactive(), before, 'nothing written by a preview');
    assert.match(preview.diff, /^\+\s*<title>Build &lt;box&gt; &amp; co<\/title>$/m);
    assert.deepEqual(
      preview.outcomes.map((o) => o.effect),
      ['definition'],
    );
    const applied = await h.client.api.domains.applyEdit({ ref, etag, changes });
    assert.equal(applied.diff, preview.diff);
    assert.equal(await inactive(), preview.xml);
    assert.deepEqual(changed(before, await inactive()), { removed: [], added: ['<title>Build &lt;box&gt; &amp; co</title>'] });
  });

  it('memory: only the memory lines change, in KiB as libvirt keeps them', async () => {
    const r = await apply([{ kind: 'memory', currentKiB: 98304, maxKiB: 131072 }]);
    assert.deepEqual(r.removed, ["<memory unit='KiB'>65536</memory>", "<currentMemory unit='KiB'>65536</currentMemory>"]);
    assert.deepEqual(r.added, ["<memory unit='KiB'>131072</memory>", "<currentMemory unit='KiB'>98304</currentMemory>"]);
    const info = await dom.info();
    assert.equal(Number(info.maxMem), 131072);
  });

  it('vCPUs: current and maximum on the one <vcpu> line', async () => {
    const r = await apply([{ kind: 'vcpus', current: 1, max: 2 }]);
    assert.deepEqual(r.removed, ["<vcpu placement='static'>1</vcpu>"]);
    assert.deepEqual(r.added, ["<vcpu placement='static' current='1'>2</vcpu>"]);
  });

  it('a disk property: only that disk’s driver line changes', async () => {
    const id = await deviceId('disk', (x) => x.includes('system.img'));
    const r = await apply([{ kind: 'device', id, set: { driverCache: 'none', driverDiscard: 'unmap' } }]);
    assert.deepEqual(r.removed, ["<driver name='qemu' type='raw'/>"]);
    assert.deepEqual(r.added, ["<driver name='qemu' type='raw' cache='none' discard='unmap'/>"]);
  });

  it('CD-ROM media: inserting a file changes only the source', async () => {
    const id = await deviceId('disk', (x) => x.includes("device='cdrom'"));
    const r = await apply([{ kind: 'device', id, set: { sourceFile: join(dir, 'data.img') } }]);
    assert.deepEqual(r.removed, []);
    assert.deepEqual(r.added, [`<source file='${join(dir, 'data.img')}'/>`]);
  });

  it('adds a virtio disk (named vda) and a NIC (with a MAC), then removes the NIC', async () => {
    const added = await apply([
      {
        kind: 'addDevice',
        device: 'disk',
        attributes: { type: 'file', device: 'disk' },
        set: { driverName: 'qemu', driverType: 'raw', sourceFile: join(dir, 'data.img'), targetBus: 'virtio' },
      },
      { kind: 'addDevice', device: 'interface', attributes: { type: 'user' }, set: { modelType: 'virtio' } },
    ]);
    assert.ok(added.after.includes("<target dev='vda' bus='virtio'/>"), 'the disk got the first free virtio name');
    const mac = /<mac address='(52:54:00:[0-9a-f:]{8})'\/>/.exec(added.after)?.[1];
    assert.ok(mac, 'the NIC has a MAC from QEMU’s range');
    assert.deepEqual(added.removed, []);
    const nic = await deviceId('interface', (x) => x.includes(mac));
    const removed = await apply([{ kind: 'removeDevice', id: nic }]);
    assert.deepEqual(removed.added, []);
    assert.ok(removed.removed.includes(`<mac address='${mac}'/>`));
    assert.ok(!removed.after.includes(mac));
    assert.ok(removed.after.includes("<target dev='vda' bus='virtio'/>"), 'the disk stays');
  });

  it('a virtiofs share comes with the shared memory it needs', async () => {
    const r = await apply([
      { kind: 'addDevice', device: 'filesystem', attributes: { type: 'mount', accessmode: 'passthrough' }, set: { driverType: 'virtiofs', sourceDir: dir, targetDir: 'share' } },
    ]);
    assert.ok(r.after.includes("<source type='memfd'/>") && r.after.includes("<access mode='shared'/>"), 'memory backing shared');
    assert.deepEqual(
      r.result.outcomes.map((o) => o.part),
      ['memoryBacking', 'device'],
    );
    const fs = await deviceId('filesystem', (x) => x.includes('virtiofs'));
    await apply([
      { kind: 'removeDevice', id: fs },
      { kind: 'domain', set: { memorySource: null, memoryAccess: null } },
    ]);
  });

  it('boot order: per-device order replaces <boot dev>, the others untouched', async () => {
    const vda = await deviceId('disk', (x) => x.includes("dev='vda'"));
    const sda = await deviceId('disk', (x) => x.includes("dev='sda'"));
    const r = await apply([{ kind: 'bootOrder', ids: [vda, sda] }]);
    assert.deepEqual(r.removed, ["<boot dev='hd'/>"]);
    // sda comes first in the XML and boots second.
    assert.deepEqual(r.added, ["<boot order='2'/>", "<boot order='1'/>"]);
  });

  it('refuses what does not fit, with nothing written', async () => {
    const { xml, etag } = await h.client.api.domains.xml({ ref });
    const cases: [DomainChange, RegExp][] = [
      [{ kind: 'domain', set: { noSuchThing: 'x' } }, /no property “noSuchThing”/],
      [{ kind: 'domain', set: { name: 'renamed' } }, /“name” of a VM is not changed this way/],
      [{ kind: 'domain', set: { onCrash: 'explode' } }, /must be destroy, restart/],
      [{ kind: 'memory', currentKiB: 200000, maxKiB: 100000 }, /more than the maximum/],
      [{ kind: 'domain', set: { cpuSockets: 3, cpuCores: 1, cpuThreads: 1 } }, /topology makes 3 vCPUs, but the VM has a maximum of 2/],
      [{ kind: 'device', id: 'disk/index/99', set: { driverCache: 'none' } }, /no device disk\/index\/99/],
      [{ kind: 'domain', set: { title: 'bell\u0007' } }, /without control characters/],
    ];
    for (const [change, words] of cases) {
      await assert.rejects(h.client.api.domains.applyEdit({ ref, etag, changes: [change] }), isApiError('invalid-input', words), JSON.stringify(change));
    }
    assert.equal(await inactive(), xml);
  });

  it('sets the OS in libosinfo’s metadata, beside the foreign metadata, and clears it again', async () => {
    const r = await apply([{ kind: 'osinfo', id: 'http://debian.org/debian/12' }]);
    assert.deepEqual(r.removed, []);
    assert.ok(r.after.includes('<libosinfo:os id="http://debian.org/debian/12"/>'), r.added.join('\n'));
    assert.equal((await h.client.api.domains.hardware({ ref })).osinfoId, 'http://debian.org/debian/12');
    const cleared = await apply([{ kind: 'osinfo', id: null }]);
    assert.ok(!cleared.after.includes('libosinfo'));
  });

  it('knows whether the VM has a guest agent channel, and adds one', async () => {
    assert.equal((await h.client.api.domains.hardware({ ref })).agent, 'none');
    await apply([{ kind: 'addDevice', device: 'channel', attributes: { type: 'unix' }, set: { targetType: 'virtio', targetName: 'org.qemu.guest_agent.0' } }]);
    assert.equal((await h.client.api.domains.hardware({ ref })).agent, 'configured');
  });

  it('renames the shut-off VM; refuses a name in use or one Virtdeck does not accept', async () => {
    const other = uniqueName('edit-other');
    const otherDom = await conn.defineXML(domainXml(other, join(dir, 'system.img')));
    try {
      await assert.rejects(h.client.api.domains.rename({ ref, name: other }), isApiError('invalid-input', /already named/));
      await assert.rejects(h.client.api.domains.rename({ ref, name: 'bad name/x' }), isApiError('invalid-input'));
      const renamed = `${name}-renamed`;
      await h.client.api.domains.rename({ ref, name: renamed });
      assert.equal(await (await conn.lookupByUUIDString(ref.uuid)).name(), renamed);
      await h.client.api.domains.rename({ ref, name });
    } finally {
      await otherDom.undefineFlags(0);
    }
  });

  it('a read-only connection reads the hardware and refuses every change, with nothing written', async () => {
    const id = await openConnection(h, SYSTEM_URI, { readonly: true });
    const ro = { connection: id, uuid: ref.uuid };
    const hw = await h.client.api.domains.hardware({ ref: ro });
    assert.ok(hw.devices.length > 0);
    await assert.rejects(
      h.client.api.domains.applyEdit({ ref: ro, etag: hw.etag, changes: [{ kind: 'domain', set: { title: 'read-only?' } }] }),
      (e: unknown) => e instanceof ApiError && e.code === 'operation-failed' && /is read-only: Virtdeck can show this VM but not change it/.test(e.message),
    );
    await assert.rejects(h.client.api.domains.start({ ref: ro }), (e: unknown) => e instanceof ApiError && /is read-only/.test(e.message));
    assert.equal((await h.client.api.domains.xml({ ref: ro })).withoutSecrets, true, 'shown without secrets');
    assert.equal(await inactive(), (await h.client.api.domains.xml({ ref })).xml);
    await h.client.api.connections.remove({ id });
  });

  it('a change made with virsh meanwhile is a conflict, never overwritten', async () => {
    const { etag } = await h.client.api.domains.xml({ ref });
    await run('virsh', ['-c', SYSTEM_URI, 'desc', '--config', name, 'from another terminal']);
    const theirs = await inactive();
    await assert.rejects(h.client.api.domains.previewEdit({ ref, etag, changes: [{ kind: 'domain', set: { title: 'mine' } }] }), isApiError('conflict'));
    await assert.rejects(h.client.api.domains.applyEdit({ ref, etag, changes: [{ kind: 'domain', set: { title: 'mine' } }] }), isApiError('conflict'));
    assert.equal(await inactive(), theirs);
  });
});
