// Storage volumes through the contract against the real libvirtd (qemu:///system), in a dir
// pool of the test's own: created (qcow2, raw fully allocated, an overlay on a backing volume),
// resized (grown; shrinking refused), cloned as a job, wiped, deleted; the VMs that use a volume
// listed and named when a delete or wipe is refused; a 50 MiB download cancelled midway leaving
// nothing, and one whose bytes match. Then list/create/download/delete over qemu+ssh to the
// loopback sshd.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import type { JobInfo } from '../../../electron/common/api/jobs.js';
import type { VolumeDetails } from '../../../electron/common/api/storage-volumes.js';
import { openOrExplain, purgeDomain, SSH_URI, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';

const MiB = 1024 * 1024;

const apiError =
  (code: string, messageId: string, check?: (e: ApiError) => void) =>
  (e: unknown): true => {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.messageId, messageId, e.message);
    check?.(e);
    return true;
  };

interface ImageInfo {
  format: string;
  'virtual-size': number;
  'backing-filename'?: string;
}
const imageInfo = (path: string) => JSON.parse(execFileSync('qemu-img', ['info', '-U', '--output=json', path], { encoding: 'utf8' })) as ImageInfo;
const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

let h: Harness;
let connection: string;
let conn: libvirt.Connection;
let dir: string;
let poolUuid: string;
const pool = uniqueName('storage-vols');
const vms: string[] = [];
const jobs: JobInfo[] = [];

const api = () => h.client.api.storageVolumes;
const ref = (name: string) => ({ connection, pool, name });
const listed = async (name: string): Promise<VolumeDetails | undefined> => (await api().list({ connection, pool })).find((v) => v.name === name);

/** A shut-off TCG VM whose disk is the image at `path` (or, with `byName`, the pool's volume by name). */
async function vmUsing(what: { path?: string; volume?: string }, format: string): Promise<string> {
  const name = uniqueName('storage-vm');
  vms.push(name);
  const source = what.volume ? `<source pool='${pool}' volume='${what.volume}'/>` : `<source file='${what.path}'/>`;
  const type = what.volume ? 'volume' : 'file';
  await conn.defineXML(
    tinyDomainXML(name, { devices: `<disk type='${type}' device='disk'><driver name='qemu' type='${format}'/>${source}<target dev='vda' bus='virtio'/></disk>` }),
  );
  return name;
}

before(async () => {
  conn = await openOrExplain(SYSTEM_URI);
  dir = await mkdtemp('/tmp/vdtest-storage-volumes-');
  await chmod(dir, 0o755);
  h = await harness();
  connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
  await h.client.api.connections.open({ id: connection });
  h.client.on('job.started', (j) => jobs.push(j));
  h.client.on('job.progressed', (j) => jobs.push(j));
  h.client.on('job.finished', (j) => jobs.push(j));
  poolUuid = (await h.client.api.storagePools.define({ connection, spec: { type: 'dir', name: pool, path: join(dir, 'pool') }, build: true, start: true })).uuid;
});

after(async () => {
  for (const vm of vms) await purgeDomain(conn, vm);
  await h?.client.api.storagePools.delete({ ref: { connection, uuid: poolUuid }, deleteContents: true }).catch(() => undefined);
  // Whatever the refusals above left: libvirt directly.
  const p = await conn.storagePoolLookupByName(pool).catch(() => null);
  if (p) {
    for (const v of await p.listAllVolumes().catch(() => [])) await v.delete().catch(() => 0);
    await p.destroy().catch(() => 0);
    await p.undefine().catch(() => 0);
  }
  await h?.close();
  await conn?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('volumes of a dir pool (qemu:///system)', () => {
  it('creates qcow2, fully allocated raw, and an overlay on a backing volume', async () => {
    const q = await api().create({ connection, pool, name: 'disk.qcow2', format: 'qcow2', capacity: 64 * MiB });
    assert.deepEqual([q.format, q.capacity, q.type, q.usedBy], ['qcow2', 64 * MiB, 'file', []]);
    assert.ok(q.allocation < 4 * MiB, 'sparse: only the header is allocated');
    assert.deepEqual([imageInfo(q.path).format, imageInfo(q.path)['virtual-size']], ['qcow2', 64 * MiB]);

    const r = await api().create({ connection, pool, name: 'base.raw', format: 'raw', capacity: 16 * MiB, preallocation: 'full' });
    assert.deepEqual([r.format, r.capacity], ['raw', 16 * MiB]);
    assert.ok(r.allocation >= 16 * MiB, 'full preallocation allocates it all');

    const m = await api().create({ connection, pool, name: 'meta.qcow2', format: 'qcow2', capacity: 32 * MiB, preallocation: 'metadata' });
    assert.ok(m.allocation > q.allocation, 'metadata preallocation writes the tables now');

    const o = await api().create({ connection, pool, name: 'overlay.qcow2', format: 'qcow2', backing: { pool, name: 'base.raw' } });
    assert.equal(o.capacity, 16 * MiB, "an overlay takes its backing volume's size");
    assert.deepEqual(o.backing, { path: r.path, format: 'raw', volume: { pool, name: 'base.raw' } });
    assert.equal(imageInfo(o.path)['backing-filename'], r.path);

    const rows = await api().list({ connection, pool });
    assert.deepEqual(
      rows.map((v) => [v.name, v.format]),
      [
        ['base.raw', 'raw'],
        ['disk.qcow2', 'qcow2'],
        ['meta.qcow2', 'qcow2'],
        ['overlay.qcow2', 'qcow2'],
      ],
    );
  });

  it('refuses what would not make sense, before libvirt does anything', async () => {
    await assert.rejects(api().create({ connection, pool, name: 'disk.qcow2', format: 'qcow2', capacity: MiB }), apiError('invalid-input', 'storage.volume.exists'));
    await assert.rejects(
      api().create({ connection, pool, name: 'x.raw', format: 'raw', capacity: MiB, preallocation: 'metadata' }),
      apiError('invalid-input', 'storage.volume.metadataQcow2Only'),
    );
    await assert.rejects(
      api().create({ connection, pool, name: 'x.raw', format: 'raw', backing: { pool, name: 'base.raw' } }),
      apiError('invalid-input', 'storage.volume.overlayQcow2'),
    );
    await assert.rejects(api().create({ connection, pool, name: 'x.qcow2', format: 'qcow2' }), apiError('invalid-input', 'storage.volume.sizeNeeded'));
    await assert.rejects(api().create({ connection, pool, name: '../x', format: 'raw', capacity: MiB }), apiError('invalid-request', 'rpc.invalidParams'));
    const free = (await h.client.api.storagePools.list({ connection })).find((p) => p.name === pool)!.available;
    await assert.rejects(
      api().create({ connection, pool, name: 'x.raw', format: 'raw', capacity: free + 1024 * MiB, preallocation: 'full' }),
      apiError('invalid-input', 'storage.volume.noRoom'),
    );
    assert.equal(await listed('x.raw'), undefined);
    assert.equal(await listed('x.qcow2'), undefined);
  });

  it('grows a volume and refuses to shrink it', async () => {
    const grown = await api().resize({ ref: ref('disk.qcow2'), capacity: 128 * MiB });
    assert.equal(grown.capacity, 128 * MiB);
    assert.equal(imageInfo(grown.path)['virtual-size'], 128 * MiB);
    await assert.rejects(
      api().resize({ ref: ref('disk.qcow2'), capacity: 64 * MiB }),
      apiError('invalid-input', 'storage.volume.shrink', (e) => assert.deepEqual(e.params, { bytes: 64 * MiB, capacity: 128 * MiB })),
    );
    assert.equal((await listed('disk.qcow2'))?.capacity, 128 * MiB);
  });

  it('clones a volume on the host as a job with progress', async () => {
    const base = (await listed('base.raw'))!;
    await writeFile(base.path, randomBytes(16 * MiB));
    const job = `clone-${Date.now()}`;
    const copy = await api().clone({ job, ref: ref('base.raw'), name: 'copy.raw' });
    assert.deepEqual([copy.format, copy.capacity, copy.usedBy], ['raw', 16 * MiB, []]);
    assert.equal(await sha(copy.path), await sha(base.path), 'the copy has the same bytes');
    const mine = jobs.filter((j) => j.id === job);
    assert.equal(mine[0]?.kind, 'volume.clone');
    const last = mine.at(-1)!;
    assert.equal(last.state, 'succeeded');
    assert.ok(last.progress?.total && last.progress.done === last.progress.total, 'progress against a total, complete at the end');
    await assert.rejects(api().clone({ job: `${job}-again`, ref: ref('base.raw'), name: 'copy.raw' }), apiError('invalid-input', 'storage.volume.exists'));
  });

  it('cancels a clone: the host finishes the copy, which is then deleted', async () => {
    const big = await api().create({ connection, pool, name: 'big.raw', format: 'raw', capacity: 128 * MiB });
    await writeFile(big.path, randomBytes(128 * MiB));
    const job = `clone-cancel-${Date.now()}`;
    // Cancel as soon as the job has begun: libvirt's copy cannot be stopped, so the job waits for it.
    const started = new Promise<void>((resolve) => {
      const off = h.client.on('job.started', (j) => {
        if (j.id !== job) return;
        off();
        resolve();
      });
    });
    const running = api().clone({ job, ref: ref('big.raw'), name: 'big-copy.raw' });
    running.catch(() => undefined);
    await started;
    await h.client.api.jobs.cancel({ id: job });
    await assert.rejects(running, apiError('cancelled', 'storage.clone.cancelled'));
    assert.equal(jobs.filter((j) => j.id === job).at(-1)?.state, 'cancelled');
    assert.equal(await listed('big-copy.raw'), undefined, 'the copy is gone');
    await assert.rejects(stat(join(dir, 'pool', 'big-copy.raw')));
    await api().delete({ ref: ref('big.raw') });
  });

  it('wipes a raw volume to zeros, and a qcow2 one back to an empty qcow2 of its size', async () => {
    const raw = (await listed('copy.raw'))!;
    await api().wipe({ ref: ref('copy.raw') });
    assert.ok(
      (await readFile(raw.path)).every((b) => b === 0),
      'every byte is zero',
    );
    const q = await api().wipe({ ref: ref('disk.qcow2') });
    assert.deepEqual([q.format, q.capacity], ['qcow2', 128 * MiB]);
    assert.deepEqual([imageInfo(q.path).format, imageInfo(q.path)['virtual-size']], ['qcow2', 128 * MiB]);
  });

  it('names the VMs that use a volume, directly or through an overlay, and refuses to delete or wipe it', async () => {
    const disk = (await listed('disk.qcow2'))!;
    const byPath = await vmUsing({ path: disk.path }, 'qcow2');
    const byVolume = await vmUsing({ volume: 'meta.qcow2' }, 'qcow2');
    const overlay = (await listed('overlay.qcow2'))!;
    const onOverlay = await vmUsing({ path: overlay.path }, 'qcow2');

    const rows = new Map((await api().list({ connection, pool })).map((v) => [v.name, v]));
    assert.deepEqual(
      rows.get('disk.qcow2')?.usedBy.map((u) => [u.name, u.active]),
      [[byPath, false]],
    );
    assert.deepEqual(
      rows.get('meta.qcow2')?.usedBy.map((u) => u.name),
      [byVolume],
    );
    assert.deepEqual(rows.get('base.raw')?.usedBy, [
      { uuid: await conn.lookupByName(onOverlay).then((d) => d.UUIDString()), name: onOverlay, active: false, through: 'overlay.qcow2' },
    ]);
    assert.deepEqual(rows.get('copy.raw')?.usedBy, []);

    await assert.rejects(
      api().delete({ ref: ref('disk.qcow2') }),
      apiError('in-use', 'storage.volume.deleteInUse', (e) => {
        assert.equal(e.params['vms'], byPath);
        assert.match(e.message, new RegExp(`was not deleted: these VMs use it: ${byPath}`));
      }),
    );
    await assert.rejects(
      api().wipe({ ref: ref('meta.qcow2') }),
      apiError('in-use', 'storage.volume.wipeInUse', (e) => assert.equal(e.params['vms'], byVolume)),
    );
    await assert.rejects(
      api().delete({ ref: ref('base.raw') }),
      apiError('in-use', 'storage.volume.deleteInUse', (e) => assert.equal(e.params['vms'], onOverlay)),
    );
    assert.ok((await stat(disk.path)).isFile(), 'the refused delete changed nothing');

    // Without the VM, the backing volume is still refused: its overlay would lose its data.
    await purgeDomain(conn, onOverlay);
    await assert.rejects(
      api().delete({ ref: ref('base.raw') }),
      apiError('in-use', 'storage.volume.isBacking', (e) => assert.equal(e.params['overlays'], 'overlay.qcow2')),
    );
    await api().delete({ ref: ref('overlay.qcow2') });
    await api().delete({ ref: ref('base.raw') });
    await assert.rejects(stat(overlay.path));

    // A running VM's disk is not resized behind QEMU's back.
    const dom = await conn.lookupByName(byPath);
    await dom.create();
    try {
      await assert.rejects(
        api().resize({ ref: ref('disk.qcow2'), capacity: 256 * MiB }),
        apiError('in-use', 'storage.volume.resizeRunning', (e) => assert.equal(e.params['vms'], byPath)),
      );
      assert.deepEqual(
        (await listed('disk.qcow2'))?.usedBy.map((u) => [u.name, u.active]),
        [[byPath, true]],
      );
    } finally {
      await dom.destroy();
    }
    for (const vm of [byPath, byVolume]) await purgeDomain(conn, vm);
    await api().delete({ ref: ref('disk.qcow2') });
    await api().delete({ ref: ref('meta.qcow2') });
    await assert.rejects(stat(disk.path));
  });
});

describe('downloads (qemu:///system)', () => {
  let src: VolumeDetails;
  let out: string;
  before(async () => {
    src = await api().create({ connection, pool, name: 'fifty.raw', format: 'raw', capacity: 50 * MiB });
    await writeFile(src.path, randomBytes(50 * MiB));
    out = await mkdtemp(join(dir, 'out-'));
  });

  it('cancelled midway, leaves nothing behind', async () => {
    const job = `download-cancel-${Date.now()}`;
    const dest = join(out, 'cancelled.raw');
    const running = api().download({ job, ref: ref('fifty.raw'), localPath: dest });
    running.catch(() => undefined);
    // Midway: as soon as the first bytes have arrived (the job's state is read between the
    // stream's chunks, not from its events, which come a few times a second at most).
    const done = () => h.backend.jobs.get(job)?.progress?.done ?? 0;
    while (done() === 0) await new Promise((r) => setImmediate(r));
    await h.client.api.jobs.cancel({ id: job });
    await assert.rejects(running, apiError('cancelled', 'storage.download.cancelled'));
    const last = jobs.filter((j) => j.id === job).at(-1)!;
    assert.equal(last.state, 'cancelled');
    assert.ok(last.progress!.done < 50 * MiB && last.progress!.total === 50 * MiB, `stopped midway: ${last.progress!.done} of ${last.progress!.total} bytes`);
    assert.deepEqual(await readdir(out), [], 'no file and no partial file');
  });

  it('downloads every byte, then refuses to overwrite unless asked', async () => {
    const job = `download-full-${Date.now()}`;
    const dest = join(out, 'full.raw');
    const done = await api().download({ job, ref: ref('fifty.raw'), localPath: dest });
    assert.deepEqual(done, { path: dest, bytes: 50 * MiB });
    assert.equal(await sha(dest), await sha(src.path), 'the same bytes');
    assert.deepEqual(await readdir(out), ['full.raw'], 'no partial file left');
    assert.equal(jobs.filter((j) => j.id === job).at(-1)?.state, 'succeeded');
    await assert.rejects(api().download({ job: `${job}-2`, ref: ref('fifty.raw'), localPath: dest }), apiError('invalid-input', 'storage.download.exists'));
    await assert.rejects(
      api().download({ job: `${job}-3`, ref: ref('fifty.raw'), localPath: join(out, 'no', 'such.raw') }),
      apiError('invalid-input', 'storage.download.noFolder'),
    );
    const again = await api().download({ job: `${job}-4`, ref: ref('fifty.raw'), localPath: dest, overwrite: true });
    assert.equal(again.bytes, 50 * MiB);
  });
});

describe('volumes over qemu+ssh (loopback sshd)', () => {
  it('lists, creates and deletes a volume of the same pool through the remote connection', async () => {
    const remote = (await h.client.api.connections.add({ spec: { uri: SSH_URI, autoconnect: false } })).id;
    await h.client.api.connections.open({ id: remote });
    try {
      const pools = await h.client.api.storagePools.list({ connection: remote });
      assert.equal(pools.find((p) => p.name === pool)?.uuid, poolUuid, 'the same pool, seen over ssh');
      const made = await api().create({ connection: remote, pool, name: 'remote.qcow2', format: 'qcow2', capacity: 8 * MiB });
      assert.equal(imageInfo(made.path).format, 'qcow2');
      assert.ok((await api().list({ connection: remote, pool })).some((v) => v.name === 'remote.qcow2'));
      // Its bytes come back through the ssh link as a download: the image file as the pool holds it.
      const dest = join(dir, 'remote-download.qcow2');
      const got = await api().download({ job: `download-ssh-${Date.now()}`, ref: { connection: remote, pool, name: 'remote.qcow2' }, localPath: dest });
      assert.equal(got.bytes, (await stat(made.path)).size);
      assert.equal(await sha(dest), await sha(made.path));
      await api().delete({ ref: { connection: remote, pool, name: 'remote.qcow2' } });
      assert.equal(await listed('remote.qcow2'), undefined, 'gone, as the local connection sees it');
    } finally {
      await h.client.api.connections.remove({ id: remote });
    }
  });
});
