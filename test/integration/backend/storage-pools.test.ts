// Storage pools through the contract against the real libvirtd (qemu:///system): which pool
// types the host runs (checked against virsh pool-capabilities), a dir pool defined, built,
// started, refreshed, autostarted, stopped and deleted with and without its contents, a set-up
// that fails leaving nothing, an fs pool on a loop device (what this machine allows of the
// block-device types), and the disk-space view's order and warnings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import type { PoolSummary } from '../../../electron/common/api/storage-pools.js';
import { XmlDocument } from '../../../electron/node/xml/document.js';
import { openOrExplain, purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';

const MiB = 1024 * 1024;

const virsh = (...args: string[]) => execFileSync('virsh', ['-q', '-c', SYSTEM_URI, ...args], { encoding: 'utf8' });

/** A predicate for assert.rejects: an ApiError of this code and message id. */
const apiError =
  (code: string, messageId: string, check?: (e: ApiError) => void) =>
  (e: unknown): true => {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.messageId, messageId, e.message);
    check?.(e);
    return true;
  };

/** Removes a test pool whatever its state (its volumes first), ignoring what is gone. */
async function purgePool(conn: libvirt.Connection, name: string): Promise<void> {
  const pool = await conn.storagePoolLookupByName(name).catch(() => null);
  if (!pool) return;
  if (await pool.isActive().catch(() => false)) {
    for (const v of await pool.listAllVolumes().catch(() => [])) await v.delete().catch(() => 0);
    await pool.destroy().catch(() => 0);
  }
  await pool.undefine().catch(() => 0);
}

let h: Harness;
let connection: string;
let conn: libvirt.Connection;
let dir: string;
const made: string[] = [];
const vms: string[] = [];

const poolName = (base: string) => {
  const n = uniqueName(`storage-${base}`);
  made.push(n);
  return n;
};
const row = async (name: string): Promise<PoolSummary | undefined> => (await h.client.api.storagePools.list({ connection })).find((p) => p.name === name);

before(async () => {
  conn = await openOrExplain(SYSTEM_URI);
  // The pools' directories: 0755, so libvirt (and QEMU, were it another user) can enter them.
  dir = await mkdtemp('/tmp/vdtest-storage-pools-');
  await chmod(dir, 0o755);
  h = await harness();
  connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
  await h.client.api.connections.open({ id: connection });
});

after(async () => {
  for (const vm of vms) await purgeDomain(conn, vm);
  for (const name of made) await purgePool(conn, name);
  await h?.close();
  await conn?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('storage pool types (qemu:///system)', () => {
  it('tells the types this libvirt runs as virsh pool-capabilities does, defining nothing', async () => {
    // Other processes define and remove pools meanwhile: what is checked is the probe's own mark.
    const before = new Map((await h.client.api.storagePools.list({ connection })).map((p) => [p.name, p.uuid]));
    const caps = await h.client.api.storagePools.capabilities({ connection });
    assert.equal(caps.how, 'probe');
    const doc = XmlDocument.parse(execFileSync('virsh', ['-c', SYSTEM_URI, 'pool-capabilities'], { encoding: 'utf8' }));
    const expected = new Map(doc.root.elements('pool').map((p) => [p.attr('type'), p.attr('supported') === 'yes']));
    assert.ok(expected.size >= 10, 'virsh lists the pool types');
    for (const t of caps.types) assert.equal(t.supported, expected.get(t.type), `${t.type}: virsh says ${expected.get(t.type)}`);
    assert.ok(caps.types.some((t) => t.supported === false) && caps.types.some((t) => t.supported === true), 'this host has some types and lacks others');
    const after = await h.client.api.storagePools.list({ connection });
    assert.ok(
      after.every((p) => !before.has(p.name) || before.get(p.name) === p.uuid),
      'the pools probed with keep their definitions',
    );
    assert.ok(!after.some((p) => p.path === '/nonexistent'), 'no probe definition was kept');
    const dirType = caps.types.find((t) => t.type === 'dir')!;
    assert.deepEqual([dirType.definable, dirType.buildable, dirType.deleteContentsMeans?.messageId], [true, true, 'storage.delete.dirContents']);
    const iscsi = caps.types.find((t) => t.type === 'iscsi')!;
    assert.deepEqual([iscsi.definable, iscsi.buildable, iscsi.deleteContentsMeans], [true, false, undefined]);
    assert.ok(caps.types.find((t) => t.type === 'fs')!.sourceFormats.includes('ext4'));
  });
});

describe('a dir pool through its life (qemu:///system)', () => {
  it('is defined, built, started, refreshed, autostarted, stopped and deleted, leaving its directory', async () => {
    const name = poolName('dir');
    const path = join(dir, 'life');
    const defined = await h.client.api.storagePools.define({ connection, spec: { type: 'dir', name, path } });
    assert.deepEqual(
      { type: defined.type, state: defined.state, active: defined.active, persistent: defined.persistent, autostart: defined.autostart, path: defined.path },
      { type: 'dir', state: 'inactive', active: false, persistent: true, autostart: false, path },
    );
    await assert.rejects(stat(path), 'define alone makes no directory');
    const ref = { connection, uuid: defined.uuid };

    await h.client.api.storagePools.build({ ref });
    assert.ok((await stat(path)).isDirectory(), 'build made the directory');

    const started = await h.client.api.storagePools.start({ ref });
    assert.equal(started.state, 'running');
    assert.ok(started.capacity > 0 && started.available > 0 && started.available <= started.capacity);
    assert.deepEqual(await row(name), started, 'list gives the same row');

    // A file copied in by hand shows in libvirt's own list only after a refresh.
    await writeFile(join(path, 'by-hand.img'), Buffer.alloc(MiB, 1));
    assert.doesNotMatch(virsh('vol-list', name), /by-hand\.img/);
    await h.client.api.storagePools.refresh({ ref });
    assert.match(virsh('vol-list', name), /by-hand\.img/);

    // libvirt has no event for autostart: the service says it changed itself.
    const changed: boolean[] = [];
    const off = h.client.on('storagePool.changed', (e) => e.pool.uuid === defined.uuid && changed.push(e.pool.autostart));
    assert.equal((await h.client.api.storagePools.setAutostart({ ref, autostart: true })).autostart, true);
    off();
    assert.ok(changed.includes(true), 'storagePool.changed carried the new autostart');
    assert.equal((await row(name))?.autostart, true);
    assert.match(virsh('pool-info', name), /Autostart:\s+yes/);

    const stopped = await h.client.api.storagePools.stop({ ref });
    assert.deepEqual([stopped.state, stopped.active], ['inactive', false]);

    await h.client.api.storagePools.delete({ ref });
    assert.equal(await row(name), undefined, 'the pool is gone');
    assert.ok((await stat(join(path, 'by-hand.img'))).isFile(), 'delete without its contents leaves the directory and the files');
    await assert.rejects(h.client.api.storagePools.start({ ref }), apiError('not-found', 'objects.poolGone'));
  });

  it('is created in one call (build, start, autostart) and deleted with its contents', async () => {
    const name = poolName('contents');
    const path = join(dir, 'contents');
    const pool = await h.client.api.storagePools.define({ connection, spec: { type: 'dir', name, path }, build: true, start: true, autostart: true });
    assert.deepEqual([pool.state, pool.autostart], ['running', true]);
    await h.client.api.storageVolumes.create({ connection, pool: name, name: 'a.qcow2', format: 'qcow2', capacity: 16 * MiB });
    await h.client.api.storageVolumes.create({ connection, pool: name, name: 'b.raw', format: 'raw', capacity: 4 * MiB });
    await h.client.api.storagePools.delete({ ref: { connection, uuid: pool.uuid }, deleteContents: true });
    assert.equal(await row(name), undefined);
    await assert.rejects(stat(path), 'the volumes and the directory are gone');
  });

  it('removes a pool whose set-up failed, saying which step failed', async () => {
    const name = poolName('fails');
    // Not built, and the directory does not exist: starting fails.
    await assert.rejects(
      h.client.api.storagePools.define({ connection, spec: { type: 'dir', name, path: join(dir, 'missing', 'deeper') }, start: true }),
      apiError('operation-failed', 'storage.pool.defineFailed', (e) => assert.match(e.message, /starting it failed: .*Its definition was removed again\./)),
    );
    assert.equal(await row(name), undefined, 'nothing is left defined');
  });

  it('refuses to build what has nothing to build, and to delete the contents of a type it cannot', async () => {
    // An iscsi pool's definition (never started: no target is reached), written from the spec through the model.
    const name = poolName('iscsi');
    const pool = await h.client.api.storagePools.define({ connection, spec: { type: 'iscsi', name, host: '127.0.0.1', port: 3260, target: 'iqn.2026-01.invalid.vdtest:none' } });
    const xml = XmlDocument.parse(virsh('pool-dumpxml', name));
    const source = xml.root.element('source')!;
    assert.deepEqual(
      [source.element('host')?.attr('name'), source.element('host')?.attr('port'), source.element('device')?.attr('path')],
      ['127.0.0.1', '3260', 'iqn.2026-01.invalid.vdtest:none'],
    );
    assert.equal(xml.root.element('target')?.element('path')?.text, '/dev/disk/by-path');
    const ref = { connection, uuid: pool.uuid };
    await assert.rejects(h.client.api.storagePools.build({ ref }), apiError('invalid-input', 'storage.pool.nothingToBuild'));
    await assert.rejects(h.client.api.storagePools.delete({ ref, deleteContents: true }), apiError('invalid-input', 'storage.pool.cannotDeleteContents'));
    await h.client.api.storagePools.delete({ ref });
    assert.equal(await row(name), undefined);
  });

  it('refuses to delete a pool a VM names, and its contents while a VM uses a volume', async () => {
    const name = poolName('used');
    const pool = await h.client.api.storagePools.define({ connection, spec: { type: 'dir', name, path: join(dir, 'used') }, build: true, start: true });
    const vol = await h.client.api.storageVolumes.create({ connection, pool: name, name: 'disk.qcow2', format: 'qcow2', capacity: 16 * MiB });
    const ref = { connection, uuid: pool.uuid };

    const byPath = uniqueName('storage-vm-path');
    vms.push(byPath);
    await conn.defineXML(
      tinyDomainXML(byPath, { devices: `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${vol.path}'/><target dev='vda' bus='virtio'/></disk>` }),
    );
    await assert.rejects(
      h.client.api.storagePools.delete({ ref, deleteContents: true }),
      apiError('in-use', 'storage.pool.volumesInUse', (e) => assert.equal(e.params['vms'], byPath)),
    );
    assert.ok((await row(name))?.active, 'the refused delete changed nothing');

    const byName = uniqueName('storage-vm-volume');
    vms.push(byName);
    await conn.defineXML(
      tinyDomainXML(byName, {
        devices: `<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='${name}' volume='disk.qcow2'/><target dev='vda' bus='virtio'/></disk>`,
      }),
    );
    await assert.rejects(
      h.client.api.storagePools.delete({ ref }),
      apiError('in-use', 'storage.pool.namedByVms', (e) => assert.equal(e.params['vms'], byName)),
    );

    await purgeDomain(conn, byName);
    await h.client.api.storagePools.delete({ ref });
    assert.equal(await row(name), undefined, 'without a VM naming it, the pool goes (its volume stays, used by path)');
    assert.ok((await stat(vol.path)).isFile());
  });
});

describe('the disk-space view (qemu:///system)', () => {
  let loop: string | undefined;
  const small = poolName('fs');
  after(async () => {
    // The pool first (its stop unmounts the filesystem), then the loop device under it.
    await purgePool(conn, small);
    if (loop) execFileSync('losetup', ['-d', loop]);
  });

  it('puts the fullest pool first and flags a nearly full pool and an over-committed one', async () => {
    // A nearly full pool needs a small filesystem: an fs pool on a 256 MiB loop device, which
    // libvirt's build formats (ext4: none was there) and its start mounts.
    const image = join(dir, 'small-fs.img');
    await writeFile(image, Buffer.alloc(0));
    execFileSync('truncate', ['-s', '256M', image]);
    loop = execFileSync('losetup', ['-f', '--show', image], { encoding: 'utf8' }).trim();
    const mount = join(dir, 'mnt');
    const fsPool = await h.client.api.storagePools.define({ connection, spec: { type: 'fs', name: small, device: loop, format: 'ext4', path: mount }, build: true, start: true });
    assert.equal(fsPool.state, 'running');
    assert.match(execFileSync('findmnt', ['-n', '-o', 'FSTYPE', mount], { encoding: 'utf8' }), /ext4/, 'libvirt made the filesystem and mounted it');
    // Fill it: a fully allocated volume of all but 12 MiB of what is free (libvirt's free counts
    // blocks ext4 needs for the file's own metadata).
    const fill = await h.client.api.storageVolumes.create({
      connection,
      pool: small,
      name: 'fill.raw',
      format: 'raw',
      capacity: fsPool.available - 12 * MiB,
      preallocation: 'full',
    });
    assert.ok(fill.allocation >= fill.capacity, 'full preallocation allocated it all');

    // An over-committed pool: a sparse volume larger than the whole filesystem the pool is on.
    const thin = poolName('thin');
    const thinPool = await h.client.api.storagePools.define({ connection, spec: { type: 'dir', name: thin, path: join(dir, 'thin') }, build: true, start: true });
    await h.client.api.storageVolumes.create({ connection, pool: thin, name: 'huge.raw', format: 'raw', capacity: thinPool.capacity + 1024 * MiB });

    // And a stopped one.
    const idle = poolName('idle');
    await h.client.api.storagePools.define({ connection, spec: { type: 'dir', name: idle, path: join(dir, 'idle') } });

    const space = await h.client.api.storagePools.space({ connection });
    const at = (name: string) => space.findIndex((p) => p.name === name);
    const [s, t, i] = [space[at(small)]!, space[at(thin)]!, space[at(idle)]!];
    // (ext4's lost+found is listed as a volume too.)
    assert.deepEqual([s.nearlyFull, s.overCommitted, s.committed >= fill.capacity], [true, false, true]);
    assert.ok(s.allocation / s.capacity > 0.9, `${s.allocation} of ${s.capacity} allocated`);
    assert.deepEqual([t.nearlyFull, t.overCommitted, t.volumes], [false, true, 1]);
    assert.equal(t.committed, thinPool.capacity + 1024 * MiB);
    assert.ok(t.allocation < t.committed, 'the sparse volume takes (almost) nothing');
    assert.deepEqual([i.active, i.nearlyFull, i.overCommitted], [false, false, false]);
    // The order: running pools by free space, least first; stopped pools last.
    const running = space.filter((p) => p.active);
    for (let k = 1; k < running.length; k++) assert.ok(running[k - 1]!.available <= running[k]!.available, 'sorted by free space');
    assert.ok(at(small) < at(thin), 'the nearly full pool comes before the roomy one');
    assert.ok(
      space.slice(at(idle)).every((p) => !p.active),
      'stopped pools last',
    );

    await h.client.api.storagePools.delete({ ref: { connection, uuid: fsPool.uuid } });
    assert.throws(() => execFileSync('findmnt', ['-n', mount], { stdio: 'ignore' }), 'stopping the fs pool unmounted it');
  });
});
