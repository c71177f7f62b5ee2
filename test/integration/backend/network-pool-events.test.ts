// network.changed/removed and storagePool.changed/removed: driven by libvirt's events on the
// real libvirtd (objects changed with virsh, as from another terminal), and by polling where
// the backend is told to (the fallback for drivers without these events) on test:///default.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { VirtEvents } from '../../../electron/common/api/contract.js';
import { SYSTEM_URI, uniqueName, waitFor } from '../native/support.js';
import { harness, type Harness } from './support.js';

const run = promisify(execFile);
type Seen = { [T in 'network.changed' | 'network.removed' | 'storagePool.changed' | 'storagePool.removed']: VirtEvents[T][] };

async function backendOn(uri: string, options: Parameters<typeof harness>[0] = {}): Promise<{ h: Harness; connection: string; seen: Seen }> {
  const h = await harness(options);
  const seen: Seen = { 'network.changed': [], 'network.removed': [], 'storagePool.changed': [], 'storagePool.removed': [] };
  h.client.on('network.changed', (p) => seen['network.changed'].push(p));
  h.client.on('network.removed', (p) => seen['network.removed'].push(p));
  h.client.on('storagePool.changed', (p) => seen['storagePool.changed'].push(p));
  h.client.on('storagePool.removed', (p) => seen['storagePool.removed'].push(p));
  const { id } = await h.client.api.connections.add({ spec: { uri, autoconnect: false } });
  await h.client.api.connections.open({ id });
  return { h, connection: id, seen };
}

const netChanged = (seen: Seen, name: string, active: boolean) => () => seen['network.changed'].some((e) => e.network.name === name && e.network.active === active);
const poolChanged = (seen: Seen, name: string, active: boolean) => () => seen['storagePool.changed'].some((e) => e.pool.name === name && e.pool.active === active);

describe('network and storage pool events (qemu:///system, libvirt events)', () => {
  let dir: string;
  let b: Awaited<ReturnType<typeof backendOn>>;
  const net = uniqueName('evt-net');
  const pool = uniqueName('evt-pool');
  const bridge = `virbr-evt${Math.random().toString(36).slice(2, 7)}`;
  const virsh = (...args: string[]) => run('virsh', ['-c', SYSTEM_URI, ...args]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-evt-'));
    b = await backendOn(SYSTEM_URI);
  });
  after(async () => {
    await b?.h.close();
    // Whatever a failed test left behind: only our own names.
    await virsh('net-destroy', net).catch(() => undefined);
    await virsh('net-undefine', net).catch(() => undefined);
    await virsh('pool-destroy', pool).catch(() => undefined);
    await virsh('pool-undefine', pool).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('an isolated network defined, started, stopped and undefined with virsh', async () => {
    const file = join(dir, 'net.xml');
    await writeFile(file, `<network><name>${net}</name><bridge name='${bridge}'/></network>`);
    await virsh('net-define', file);
    await waitFor('network.changed (defined, inactive)', netChanged(b.seen, net, false));
    const row = b.seen['network.changed'].find((e) => e.network.name === net)!;
    assert.equal(b.seen['network.changed'].find((e) => e.network.name === net)?.connection, b.connection);
    const listed = (await b.h.client.api.networks.list({ connection: b.connection })).find((n) => n.name === net);
    assert.deepEqual(listed, row.network, 'the event carries the row networks.list gives');
    await virsh('net-start', net);
    await waitFor('network.changed (started)', netChanged(b.seen, net, true));
    b.seen['network.changed'].length = 0;
    await virsh('net-destroy', net);
    await waitFor('network.changed (stopped)', netChanged(b.seen, net, false));
    await virsh('net-undefine', net);
    await waitFor('network.removed', () => b.seen['network.removed'].some((e) => e.uuid === row.network.uuid && e.connection === b.connection));
  });

  it('a dir pool defined, started, refreshed, stopped and undefined with virsh', async () => {
    const file = join(dir, 'pool.xml');
    const path = join(dir, 'pool');
    await writeFile(file, `<pool type='dir'><name>${pool}</name><target><path>${path}</path></target></pool>`);
    await virsh('pool-define', file);
    await waitFor('storagePool.changed (defined)', poolChanged(b.seen, pool, false));
    const row = b.seen['storagePool.changed'].find((e) => e.pool.name === pool)!;
    assert.equal(row.connection, b.connection);
    assert.equal(row.pool.path, path);
    await virsh('pool-build', pool);
    await virsh('pool-start', pool);
    await waitFor('storagePool.changed (started)', poolChanged(b.seen, pool, true));
    const listed = (await b.h.client.api.storagePools.list({ connection: b.connection })).find((p) => p.name === pool);
    assert.equal(listed?.uuid, row.pool.uuid);
    b.seen['storagePool.changed'].length = 0;
    await virsh('pool-refresh', pool);
    await waitFor('storagePool.changed (refreshed)', poolChanged(b.seen, pool, true));
    await virsh('pool-destroy', pool);
    await waitFor('storagePool.changed (stopped)', poolChanged(b.seen, pool, false));
    await virsh('pool-undefine', pool);
    await waitFor('storagePool.removed', () => b.seen['storagePool.removed'].some((e) => e.uuid === row.pool.uuid));
  });
});

describe('network and storage pool events by polling (test:///default)', () => {
  let conn: libvirt.Connection;
  let b: Awaited<ReturnType<typeof backendOn>>;
  const net = uniqueName('poll-net');
  const pool = uniqueName('poll-pool');

  before(async () => {
    // test:///default is one state per process: the backend's connection sees what this one does.
    conn = await libvirt.open('test:///default');
    b = await backendOn('test:///default', { watchMode: 'poll', pollMs: 100 });
  });
  after(async () => {
    await b?.h.close();
    await conn?.close();
  });

  it('sees networks and pools come, change and go', async () => {
    const n = await conn.networkDefineXML(`<network><name>${net}</name><bridge name='virbr-poll0'/></network>`);
    await waitFor('network.changed (defined)', netChanged(b.seen, net, false));
    await n.create();
    await waitFor('network.changed (started)', netChanged(b.seen, net, true));
    const uuid = await n.UUIDString();
    await n.destroy();
    await n.undefine();
    await waitFor('network.removed', () => b.seen['network.removed'].some((e) => e.uuid === uuid));

    const p = await conn.storagePoolDefineXML(`<pool type='dir'><name>${pool}</name><target><path>/${pool}</path></target></pool>`);
    await waitFor('storagePool.changed (defined)', poolChanged(b.seen, pool, false));
    await p.create();
    await waitFor('storagePool.changed (started)', poolChanged(b.seen, pool, true));
    const puuid = await p.UUIDString();
    await p.destroy();
    await p.undefine();
    await waitFor('storagePool.removed', () => b.seen['storagePool.removed'].some((e) => e.uuid === puuid));
  });
});
