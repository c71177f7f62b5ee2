// A backend killed (SIGKILL) in the middle of a job leaves nothing behind once a fresh backend
// connects to the same host with the same config dir: the job's journal is rolled back, and a
// finished `recovery` job says what was removed. Killed during a New VM's disk creation, during
// an upload, and with the install VM just started (its definition is already the final one).
// Stray temporary files of dead processes are swept at start.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open as openFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { JobInfo } from '../../../electron/common/api/jobs.js';
import type { VmCreateSpec } from '../../../electron/common/api/vm-create.js';
import { startBackendProcess, type BackendProcess } from '../../support/backend-process.js';
import { purgeCreated, serveInstallTree, type InstallTree } from '../../support/create-fixtures.js';
import { SYSTEM_URI, waitFor } from '../native/support.js';
import { englishMessage } from '../../../electron/common/messages/messages.js';

const jobsName = (base: string) => `jobs-${base}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

describe('jobs killed mid-operation are rolled back at the next connect (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let root: string;
  let tree: InstallTree;
  const names: string[] = [];
  const running: BackendProcess[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    root = await mkdtemp(join(tmpdir(), 'virtdeck-jobs-crash-'));
    tree = await serveInstallTree();
  });
  after(async () => {
    for (const b of running) await b.kill();
    await purgeCreated(conn, names);
    const pool = await conn.storagePoolLookupByName('default').catch(() => null);
    if (pool) {
      await pool.refresh().catch(() => 0);
      for (const v of await pool.listAllVolumes()) await partialOf(v, names);
    }
    tree?.close();
    await rm(root, { recursive: true, force: true });
    await conn?.close();
  });

  async function partialOf(v: libvirt.StorageVolume, of: string[]): Promise<void> {
    const n = await v.name();
    if (n.startsWith('.virtdeck-partial-') && of.some((x) => n.includes(x))) await v.delete().catch(() => undefined);
  }

  /** A backend process on `configDir`, connected to qemu:///system (added on its first run). */
  async function backend(configDir: string, hold: string[] = []): Promise<{ b: BackendProcess; connection: string }> {
    const b = await startBackendProcess(configDir, hold);
    running.push(b);
    const known = await b.client.api.connections.list({});
    const connection = known[0]?.id ?? (await b.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await waitFor('connected', async () => (await b.client.api.connections.list({})).find((c) => c.id === connection)?.state === 'connected' || null, 60_000);
    return { b, connection };
  }

  /** Waits until the job is held at its checkpoint (the test hook), then kills the process. */
  async function killWhenHeld(b: BackendProcess, job: string, call: Promise<unknown>, checkpoint: string): Promise<void> {
    call.catch(() => undefined);
    await waitFor(
      `the job held at ${checkpoint}`,
      async () => (await b.client.api.jobs.list({})).find((j) => j.id === job && englishMessage(j.message).includes(`[held at ${checkpoint}]`)) ?? null,
      120_000,
      100,
    );
    await b.kill();
  }

  /** The recovery job a fresh backend recorded for `title`. */
  async function recovery(b: BackendProcess, title: string): Promise<JobInfo> {
    return waitFor(
      'the recovery job',
      async () => (await b.client.api.jobs.list({})).find((j) => j.kind === 'recovery' && englishMessage(j.title).includes(title)) ?? null,
      60_000,
      100,
    );
  }

  const volumeNames = async (): Promise<string[]> => {
    const pool = await conn.storagePoolLookupByName('default');
    await pool.refresh();
    return Promise.all((await pool.listAllVolumes()).map((v) => v.name()));
  };
  const mine = (all: string[], name: string) => all.filter((v) => v.includes(name)).sort();

  const spec = (connection: string, name: string, source: VmCreateSpec['source']): VmCreateSpec => ({
    connection,
    name,
    source,
    os: 'linux2022',
    memoryMiB: 128,
    vcpus: 1,
    storage: { kind: 'new', pool: 'default', sizeGiB: 0.01, format: 'qcow2' },
    network: { kind: 'none' },
    virtType: 'qemu',
  });

  it('killed right after New VM made the disk: the disk is removed at the next connect, and the notice says so', async () => {
    const name = jobsName('disk');
    names.push(name);
    const configDir = join(root, `${name}-config`);
    const first = await backend(configDir, ['create:disk-made']);
    const job = `job-${name}`;
    await killWhenHeld(first.b, job, first.b.client.api.vmCreate.run({ job, spec: spec(first.connection, name, { kind: 'pxe' }) }), 'create:disk-made');
    assert.deepEqual(mine(await volumeNames(), name), [`${name}.qcow2`], 'the killed job had made the disk');

    const second = await backend(configDir);
    const notice = await recovery(second.b, `New VM ${name}`);
    assert.equal(notice.state, 'succeeded');
    assert.deepEqual(
      notice.cleaned?.map((l) => englishMessage(l)),
      [`Removed the disk ${name}.qcow2.`],
    );
    assert.deepEqual(mine(await volumeNames(), name), [], 'no orphan volume');
    assert.deepEqual(await readdir(join(configDir, 'jobs')), [], 'the journal is settled');
    await second.b.stop();
  });

  it('a new disk for an existing VM: killed before the VM had it, the volume goes; once the VM has it, it stays', async () => {
    const name = jobsName('newdisk');
    names.push(name);
    const configDir = join(root, `${name}-config`);
    await conn.defineXML(`<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>`);
    const first = await backend(configDir, ['add-disk:volume-made']);
    const uuid = (await (await conn.lookupByName(name)).UUIDString()).toLowerCase();
    const ref = { connection: first.connection, uuid };
    const { etag } = await first.b.client.api.domains.xml({ ref });
    const job = `job-${name}`;
    const disk = { pool: 'default', name: `${name}-data.qcow2`, capacityBytes: 8 * 1024 * 1024, format: 'qcow2' as const, bus: 'virtio' as const };
    await killWhenHeld(first.b, job, first.b.client.api.domains.addNewDisk({ ref, etag, id: job, ...disk }), 'add-disk:volume-made');
    assert.deepEqual(mine(await volumeNames(), name), [disk.name], 'the killed job had made the volume');

    const second = await backend(configDir);
    const notice = await recovery(second.b, `New disk ${disk.name}`);
    assert.deepEqual(
      notice.cleaned?.map((l) => englishMessage(l)),
      [`Removed the disk ${disk.name}.`],
    );
    assert.deepEqual(mine(await volumeNames(), name), [], 'no orphan volume');

    // A stale etag (the VM changed elsewhere meanwhile): the job fails as a conflict, and the
    // volume it made is deleted again.
    await (await conn.lookupByName(name)).setMetadata(libvirt.DomainMetadataType.DESCRIPTION, 'changed elsewhere', null, null, libvirt.DomainModificationImpact.CONFIG);
    await assert.rejects(second.b.client.api.domains.addNewDisk({ ref: { connection: second.connection, uuid }, etag, ...disk }), /changed elsewhere/);
    assert.deepEqual(mine(await volumeNames(), name), [], 'rolled back on the conflict');

    // The same job run to its end: the VM has the disk, and a recovery (as if killed after the
    // attach, the journal still there) keeps it.
    const fresh = await second.b.client.api.domains.xml({ ref: { connection: second.connection, uuid } });
    const done = await second.b.client.api.domains.addNewDisk({ ref: { connection: second.connection, uuid }, etag: fresh.etag, ...disk });
    assert.ok((await (await conn.lookupByName(name)).XMLDesc(libvirt.DomainXMLFlags.INACTIVE)).includes(done.volume.path));
    await mkdir(join(configDir, 'jobs'), { recursive: true });
    await writeFile(
      join(configDir, 'jobs', 'late.json'),
      JSON.stringify({
        id: 'late',
        pid: 999_999,
        connection: second.connection,
        uri: SYSTEM_URI,
        kind: 'vm.addDisk',
        title: 'late attach',
        startedAt: Date.now(),
        entries: [{ kind: 'volume', pool: 'default', name: disk.name, what: `the disk ${disk.name}`, attachedTo: uuid }],
      }),
    );
    await second.b.stop();
    const third = await backend(configDir);
    await waitFor('the journal settled', async () => ((await readdir(join(configDir, 'jobs'))).length === 0 ? true : null), 60_000, 100);
    assert.deepEqual(mine(await volumeNames(), name), [disk.name], 'the VM keeps its disk');
    await third.b.stop();
    await (await conn.lookupByName(name)).undefineFlags(0);
  });

  it('killed during an upload: no partial volume under the final name, and the partial one is removed at the next connect', async () => {
    const name = jobsName('upload');
    names.push(name);
    const configDir = join(root, `${name}-config`);
    // Sparse here, but every byte crosses libvirt's stream: long enough to be killed midway.
    const file = join(root, `${name}.iso`);
    const fh = await openFile(file, 'w');
    await fh.truncate(768 * 1024 * 1024);
    await fh.close();
    const first = await backend(configDir);
    const job = `job-${name}`;
    first.b.client.api.storageVolumes.upload({ job, connection: first.connection, pool: 'default', localPath: file }).catch(() => undefined);
    await waitFor('some bytes uploaded', async () => (await first.b.client.api.jobs.list({})).find((j) => j.id === job && (j.progress?.done ?? 0) > 0) ?? null, 120_000, 20);
    await first.b.kill();
    const left = mine(await volumeNames(), name);
    assert.equal(left.length, 1, `one partial volume: ${left.join(', ')}`);
    assert.match(left[0]!, /^\.virtdeck-partial-/, 'the bytes went to a partial name, never the final one');
    assert.ok(!left.includes(`${name}.iso`));

    const second = await backend(configDir);
    const notice = await recovery(second.b, `Upload of ${name}.iso`);
    assert.deepEqual(
      notice.cleaned?.map((l) => englishMessage(l)),
      [`Removed the partial upload ${left[0]}.`],
    );
    assert.deepEqual(mine(await volumeNames(), name), [], 'nothing is left in the pool');
    await second.b.stop();
  });

  it('killed with the install VM just started: its definition is already the final one, and the next connect removes the VM, its disk and its fetched boot files', async () => {
    const name = jobsName('start');
    names.push(name);
    const configDir = join(root, `${name}-config`);
    const first = await backend(configDir, ['create:started']);
    const job = `job-${name}`;
    const s = spec(first.connection, name, { kind: 'url', url: `${tree.base}/debian/`, kernel: '', initrd: '', cmdline: 'console=ttyS0 quiet' });
    await killWhenHeld(first.b, job, first.b.client.api.vmCreate.run({ job, spec: s }), 'create:started');
    const dom = await conn.lookupByName(name);
    assert.equal(await dom.isActive(), true, 'the install was running when the backend died');
    assert.match(await dom.XMLDesc(), /<kernel>/, 'the install runs with its kernel');
    assert.doesNotMatch(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<kernel>|inst\.repo/, 'the definition never boots the install kernel again');
    assert.deepEqual(mine(await volumeNames(), name), [`${name}-initrd.boot`, `${name}-kernel.boot`, `${name}.qcow2`]);

    const second = await backend(configDir);
    const notice = await recovery(second.b, `New VM ${name}`);
    assert.equal(notice.state, 'succeeded');
    assert.deepEqual(
      notice.cleaned?.map((l) => englishMessage(l)),
      [
        `Removed the definition of ${name}.`,
        `Removed the fetched initrd ${name}-initrd.boot.`,
        `Removed the fetched kernel ${name}-kernel.boot.`,
        `Removed the disk ${name}.qcow2.`,
      ],
    );
    await assert.rejects(conn.lookupByName(name), 'no VM is left');
    assert.deepEqual(mine(await volumeNames(), name), [], 'no disk, no boot files');
    await second.b.stop();
  });

  it('sweeps temporary files of dead processes at start, and keeps those of live ones', async () => {
    const name = jobsName('sweep');
    const configDir = join(root, `${name}-config`);
    await mkdir(configDir, { recursive: true });
    const dead = await startBackendProcess(join(root, `${name}-other`));
    const deadPid = dead.child.pid!;
    await dead.kill();
    const stray = join(configDir, `.connections.json.${deadPid}.0b7d7b3e-6a0e-4a57-9c55-3f1d3c2a1b0c.tmp`);
    const live = join(configDir, `.connections.json.${process.pid}.5e0d2f1a-1b2c-4d3e-8f90-a1b2c3d4e5f6.tmp`);
    await writeFile(stray, '{"torn":');
    await writeFile(live, '{"being written":');
    const askpass = await mkdtemp(join(tmpdir(), 'virtdeck-askpass-'));
    await writeFile(join(askpass, 'token'), 'x');
    const old = new Date(Date.now() - 3600_000);
    await utimes(askpass, old, old);

    const { b } = await backend(configDir);
    await assert.rejects(stat(stray), 'the dead process’s temporary file is gone');
    await stat(live);
    await assert.rejects(stat(askpass), 'the askpass directory of a dead process is gone');
    await b.stop();
    await rm(live, { force: true });
  });
});
