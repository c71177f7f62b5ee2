// snapshots.list and snapshot.changed on the real libvirtd, with snapshots taken, deleted and
// reverted to by virsh as from another terminal. libvirt reports none of these as snapshot
// events: creating or deleting one of a shut-off VM says nothing at all (polling finds it), and
// a revert says only "defined, from snapshot" (the lifecycle event alone finds it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { SnapshotChanged, SnapshotSummary } from '../../../electron/common/api/snapshots.js';
import { MAX_FOLLOWED } from '../../../electron/node/snapshots/snapshot-service.js';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor, xmlEscape } from '../native/support.js';
import { harness, type Harness } from './support.js';

const run = promisify(execFile);
const virsh = (...args: string[]) => run('virsh', ['-c', SYSTEM_URI, ...args]);

/** A shut-off TCG VM with one small qcow2 disk (libvirt snapshots a VM only with a disk that can hold one). */
async function defineVm(dir: string, name: string): Promise<string> {
  const disk = join(dir, `${name}.qcow2`);
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '1M']);
  const file = join(dir, `${name}.xml`);
  await writeFile(
    file,
    `<domain type='qemu'><name>${xmlEscape(name)}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>
  <devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${xmlEscape(disk)}'/><target dev='vda' bus='virtio'/></disk></devices></domain>`,
  );
  await virsh('define', file);
  return (await virsh('domuuid', name)).stdout.trim();
}

async function backend(pollMs: number, uri = SYSTEM_URI): Promise<{ h: Harness; connection: string; seen: SnapshotChanged[] }> {
  const h = await harness({ pollMs });
  const seen: SnapshotChanged[] = [];
  h.client.on('snapshot.changed', (p) => seen.push(p));
  const { id } = await h.client.api.connections.add({ spec: { uri, autoconnect: false } });
  await h.client.api.connections.open({ id });
  return { h, connection: id, seen };
}

const names = (rows: SnapshotSummary[]) => rows.map((r) => r.name);
const current = (rows: SnapshotSummary[]) => rows.filter((r) => r.current).map((r) => r.name);

describe('snapshots of a VM on qemu:///system', () => {
  let dir: string;
  const vms: string[] = [];
  const backends: Harness[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-contract-snap-'));
  });
  after(async () => {
    for (const h of backends) await h.close();
    for (const vm of vms) await virsh('undefine', vm, '--snapshots-metadata').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('lists what virsh took and deleted, and says so by polling (no event tells)', async () => {
    const vm = uniqueName('contract-snap');
    vms.push(vm);
    const uuid = await defineVm(dir, vm);
    const b = await backend(300);
    backends.push(b.h);
    const domain = { connection: b.connection, uuid };
    assert.deepEqual(await b.h.client.api.snapshots.list({ domain }), []);

    const t0 = Date.now();
    await virsh('snapshot-create-as', vm, 'first', 'before the upgrade');
    const one = await waitFor('snapshot.changed with the first snapshot', () => b.seen.find((e) => e.domain.uuid === uuid && e.snapshots.length === 1));
    assert.deepEqual(one.domain, domain);
    const [first] = one.snapshots;
    assert.equal(first?.name, 'first');
    assert.equal(first.description, 'before the upgrade');
    assert.equal(first.state, 'shutoff');
    assert.equal(first.current, true);
    assert.equal(first.parent, undefined);
    // libvirt keeps whole seconds.
    assert.ok(first.creationTime >= Math.floor(t0 / 1000) * 1000 - 1000 && first.creationTime <= Date.now() + 1000, `creationTime ${first.creationTime}`);

    await virsh('snapshot-create-as', vm, 'second');
    const two = await waitFor('snapshot.changed with both', () => b.seen.find((e) => e.snapshots.length === 2));
    assert.deepEqual(names(two.snapshots), ['first', 'second']);
    assert.deepEqual(current(two.snapshots), ['second']);
    assert.equal(two.snapshots[1]?.parent, 'first');
    assert.equal(two.snapshots[1]?.description, undefined);
    assert.deepEqual(await b.h.client.api.snapshots.list({ domain }), two.snapshots, 'the event carries what snapshots.list gives');

    const before = b.seen.length;
    await virsh('snapshot-delete', vm, 'second');
    const after = await waitFor('snapshot.changed after the delete', () => b.seen.slice(before).find((e) => e.snapshots.length === 1));
    assert.deepEqual(names(after.snapshots), ['first']);
    assert.deepEqual(current(after.snapshots), ['first'], 'the deleted current snapshot’s parent is current now');
    // An unchanged list is not said again.
    const settled = b.seen.length;
    await virsh('desc', vm, '--config', '--title', 'unrelated');
    await b.h.client.api.snapshots.list({ domain });
    assert.equal(b.seen.length, settled);
  });

  it('follows a revert by the VM’s lifecycle event alone (polling every 10 minutes)', async () => {
    const vm = uniqueName('contract-snap');
    vms.push(vm);
    const uuid = await defineVm(dir, vm);
    await virsh('snapshot-create-as', vm, 'a');
    await virsh('snapshot-create-as', vm, 'b');
    const b = await backend(600_000);
    backends.push(b.h);
    const domain = { connection: b.connection, uuid };
    const listed = await b.h.client.api.snapshots.list({ domain });
    assert.deepEqual(names(listed), ['a', 'b']);
    assert.deepEqual(current(listed), ['b']);

    await virsh('snapshot-revert', vm, 'a');
    const reverted = await waitFor('snapshot.changed after the revert', () => b.seen.find((e) => e.domain.uuid === uuid));
    assert.deepEqual(current(reverted.snapshots), ['a']);
  });

  it('refuses a VM that is not there with not-found', async () => {
    const b = await backend(300);
    backends.push(b.h);
    await assert.rejects(b.h.client.api.snapshots.list({ domain: { connection: b.connection, uuid: '00000000-0000-4000-8000-00000000c0de' } }), { code: 'not-found' });
  });
});

// The test driver's default host is one per process: what this test's own connection does to
// it, the backend's connection sees (as another program's would on a real host).
describe('snapshots followed on test:///default', () => {
  let conn: libvirt.Connection;
  let b: Awaited<ReturnType<typeof backend>>;
  const vms = Array.from({ length: MAX_FOLLOWED + 1 }, (_, i) => uniqueName(`contract-follow${i}`));

  before(async () => {
    conn = await libvirt.open('test:///default');
    for (const vm of vms) await conn.defineXML(`<domain type='test'><name>${vm}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`);
    b = await backend(100, 'test:///default');
  });
  after(async () => {
    await b?.h.close();
    for (const vm of vms) await purgeDomain(conn, vm);
    await conn?.close();
  });

  const take = async (vm: string, name: string) => (await conn.lookupByName(vm)).snapshotCreateXML(`<domainsnapshot><name>${name}</name></domainsnapshot>`);
  const changedFor = (uuid: string, count: number) => () => b.seen.find((e) => e.domain.uuid === uuid && e.snapshots.length === count);

  it(`follows the ${MAX_FOLLOWED} VMs listed last, and forgets one that is undefined`, async () => {
    const uuids: string[] = [];
    for (const vm of vms) {
      const uuid = await (await conn.lookupByName(vm)).UUIDString();
      uuids.push(uuid);
      assert.deepEqual(await b.h.client.api.snapshots.list({ domain: { connection: b.connection, uuid } }), []);
    }
    const [oldest, newest] = [uuids[0]!, uuids.at(-1)!];
    await take(vms[0]!, 'unseen');
    await take(vms.at(-1)!, 'one');
    await waitFor('snapshot.changed of the VM listed last', changedFor(newest, 1));
    // A whole poll after the oldest one's snapshot: it would have been seen by now.
    await take(vms.at(-1)!, 'two');
    await waitFor('snapshot.changed again', changedFor(newest, 2));
    assert.equal(
      b.seen.some((e) => e.domain.uuid === oldest),
      false,
      'the VM listed longest ago is followed no more',
    );
    assert.deepEqual(names(await b.h.client.api.snapshots.list({ domain: { connection: b.connection, uuid: oldest } })), ['unseen'], 'listing it again reads it (and follows it)');

    // Undefined: domain.removed tells the UI; the snapshot list is not said again or polled.
    await purgeDomain(conn, vms.at(-1)!);
    await b.h.client.api.domains.list({ connection: b.connection });
    // (Listing the oldest again made the second-oldest the one forgotten.)
    await take(vms[2]!, 'still-followed');
    await waitFor('snapshot.changed of another followed VM', changedFor(uuids[2]!, 1));
    assert.equal(b.seen.filter((e) => e.domain.uuid === newest).length, 2);
  });
});
