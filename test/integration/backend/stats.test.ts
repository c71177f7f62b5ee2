// Live figures through the contract: the test driver for structure and scale (its bulk stats
// carry state only), real QEMU guests for the figures themselves.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { UNKNOWN, VM_FIELDS, type StatsTick } from '../../../electron/common/api/stats.js';
import { bootSectorDomainXML, diskReadingGuest, haltedGuest } from '../../support/boot-sectors.js';
import { childProcesses, purgeDomain, SSH_URI, SYSTEM_URI, uniqueName } from '../native/support.js';
import { harness, testDriverNode, waitFor, type Harness } from './support.js';

const W = VM_FIELDS.length;
const field = (tick: StatsTick, uuid: string, f: (typeof VM_FIELDS)[number]) => {
  const row = tick.uuids.indexOf(uuid);
  return row < 0 ? undefined : tick.values[row * W + VM_FIELDS.indexOf(f)];
};
const ticks = (h: Harness, connection: string) =>
  h.events.filter((e) => e.topic === 'stats.tick' && (e.payload as StatsTick).connection === connection).map((e) => e.payload as StatsTick);

describe('stats on the test driver', () => {
  let h: Harness;
  let id: string;
  let uuids: string[];
  before(async () => {
    h = await harness({ statsLeaseMs: 1500 });
    await h.client.api.preferences.update({ changes: { statsIntervalMs: 500 } });
    const uri = await testDriverNode(
      h.dir,
      'many.xml',
      Array.from({ length: 300 }, (_, i) => `vm-${i}`),
    );
    id = (await h.client.api.connections.add({ spec: { uri, autoconnect: false } })).id;
    await h.client.api.connections.open({ id });
    uuids = (await h.client.api.domains.list({ connection: id })).map((d) => d.ref.uuid);
  });
  after(async () => {
    await h.client.api.stats.watch({ watcher: 'test-watcher-a', interests: [] });
    await h.close();
  });

  it('samples nothing until a window watches the host', async () => {
    await h.client.api.connections.list({});
    assert.equal(ticks(h, id).length, 0);
    assert.deepEqual(await h.client.api.stats.history({ connection: id, uuid: null, seconds: 60 }), {
      times: [],
      fields: ['cpuPct', 'memUsedKiB', 'memTotalKiB', 'vmCpuPct'],
      values: [],
    });
  });

  it('sends one packed tick per host with every VM, or only the rows watched', async () => {
    const { leaseMs } = await h.client.api.stats.watch({ watcher: 'test-watcher-a', interests: [{ connection: id, rows: 'all', detail: [], host: true }] });
    assert.equal(leaseMs, 1500);
    const first = await waitFor('a tick with every VM', () => ticks(h, id).find((t) => t.uuids.length === 300));
    assert.equal(first.values.length, 300 * W);
    assert.deepEqual(new Set(first.uuids), new Set(uuids));
    assert.equal(first.intervalMs, 500);
    assert.ok(first.host && first.host.cpus > 0 && first.host.memTotalKiB > 0, 'host figures');
    // The test driver reports state only: every figure is unknown, none is made up.
    assert.ok(first.values.every((v) => v === UNKNOWN));

    const two = uuids.slice(0, 2);
    await h.client.api.stats.watch({ watcher: 'test-watcher-a', interests: [{ connection: id, rows: two, detail: [], host: false }] });
    const narrow = await waitFor('a tick with two rows', () => ticks(h, id).find((t) => t.uuids.length === 2 && !t.host));
    assert.deepEqual(narrow.uuids.sort(), [...two].sort());
    assert.equal(narrow.values.length, 2 * W);
  });

  it('keeps host history for a window opened later', async () => {
    const history = await waitFor('two host samples', async () => {
      const hist = await h.client.api.stats.history({ connection: id, uuid: null, seconds: 60 });
      return hist.times.length >= 2 ? hist : null;
    });
    assert.deepEqual(history.fields, ['cpuPct', 'memUsedKiB', 'memTotalKiB', 'vmCpuPct']);
    assert.equal(history.values.length, history.times.length * 4);
    assert.ok(
      history.times.every((t, i) => i === 0 || t > history.times[i - 1]!),
      'oldest first',
    );
  });

  it('merges two windows, and stops sampling when the last lease lapses', async () => {
    await h.client.api.stats.watch({ watcher: 'test-watcher-b', interests: [{ connection: id, rows: [uuids[5]!], detail: [], host: false }] });
    await waitFor('a tick with both windows’ rows', () => ticks(h, id).some((t) => t.uuids.length === 3));
    await h.client.api.stats.watch({ watcher: 'test-watcher-a', interests: [] });
    await h.client.api.stats.watch({ watcher: 'test-watcher-b', interests: [] });
    const stopped = ticks(h, id).length;
    // Two intervals and a lease later, nothing more has come.
    await new Promise((r) => setTimeout(r, 1600));
    assert.ok(ticks(h, id).length <= stopped + 1, 'at most the tick already in flight');
    // A lease that is not renewed lapses by itself.
    await h.client.api.stats.watch({ watcher: 'test-watcher-c', interests: [{ connection: id, rows: 'all', detail: [], host: false }] });
    await waitFor('ticks for the new lease', () => ticks(h, id).length > stopped + 1);
    await waitFor(
      'the lease lapses and ticks stop',
      async () => {
        const n = ticks(h, id).length;
        await new Promise((r) => setTimeout(r, 1200));
        return ticks(h, id).length === n;
      },
      10_000,
    );
  });

  it('reports a failing host once, not once per tick', async () => {
    await h.client.api.stats.watch({ watcher: 'test-watcher-a', interests: [{ connection: id, rows: [], detail: [], host: false }] });
    await waitFor('sampling', () => ticks(h, id).length > 0);
    // Pull the libvirt connection from under the sampler (the manager still thinks it is open).
    await h.backend.connections.connection(id).close();
    const failing = () => h.events.filter((e) => e.topic === 'stats.failing').map((e) => e.payload as { message: string | null });
    await waitFor('the failure', () => failing().length === 1);
    assert.match(failing()[0]!.message ?? '', /./);
    await new Promise((r) => setTimeout(r, 1500)); // three more intervals
    assert.equal(failing().length, 1, 'said once');
    // A window that comes later learns it from its watch call.
    const late = await h.client.api.stats.watch({ watcher: 'test-watcher-late', interests: [{ connection: id, rows: [], detail: [], host: false }] });
    assert.deepEqual(late.failing, [{ connection: id, message: failing()[0]!.message }]);
    await h.client.api.stats.watch({ watcher: 'test-watcher-late', interests: [] });
  });
});

describe('stats of real QEMU guests', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let id: string;
  const names = { busy: uniqueName('stats-busy'), idle: uniqueName('stats-idle'), net: uniqueName('stats-net') };
  const uuid: Record<string, string> = {};

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const dir = '/var/lib/libvirt/images';
    for (const [k, name] of Object.entries(names)) {
      const image = `${dir}/${name}.img`;
      await (k === 'busy' ? diskReadingGuest(image) : haltedGuest(image));
      const dom = await conn.createXML(bootSectorDomainXML(name, image, { nic: k === 'net' }));
      uuid[k] = await dom.UUIDString();
    }
    h = await harness();
    id = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
    await h.client.api.connections.open({ id });
  });
  after(async () => {
    await h?.client.api.stats.watch({ watcher: 'qemu-watcher', interests: [] });
    await h?.close();
    for (const name of Object.values(names)) await purgeDomain(conn, name);
    await conn.close();
  });

  it('shows a busy guest busier than a halted one, with the busy one’s disk reads and the other’s network', async () => {
    await h.client.api.stats.watch({ watcher: 'qemu-watcher', interests: [{ connection: id, rows: Object.values(uuid), detail: [uuid.busy!], host: true }] });
    // Rates need two readings; network traffic comes in bursts (iPXE's DHCP retries).
    const seen = await waitFor(
      'rates of all three guests',
      () => {
        const all = ticks(h, id);
        const last = all.at(-1);
        if (!last || all.length < 3) return null;
        const busyCpu = field(last, uuid.busy!, 'cpuPct')!;
        const idleCpu = field(last, uuid.idle!, 'cpuPct')!;
        const net = all.some((t) => field(t, uuid.net!, 'netTxBps')! > 0 || field(t, uuid.net!, 'netRxBps')! > 0);
        return busyCpu !== UNKNOWN && idleCpu !== UNKNOWN && net ? { last, busyCpu, idleCpu } : null;
      },
      60_000,
    );
    assert.ok(seen.busyCpu > seen.idleCpu + 20, `busy ${seen.busyCpu}% vs halted ${seen.idleCpu}%`);
    assert.ok(field(seen.last, uuid.busy!, 'diskRdBps')! > 0, 'the busy guest reads its disk');
    assert.ok(field(seen.last, uuid.busy!, 'diskRdIops')! > 0);
    assert.equal(field(seen.last, uuid.idle!, 'diskRdBps'), 0, 'the halted guest reads nothing');
    assert.ok(field(seen.last, uuid.busy!, 'memKiB')! > 0);
    assert.ok(field(seen.last, uuid.busy!, 'rssKiB')! > 0);
    assert.ok(field(seen.last, uuid.busy!, 'cpuTimeSec')! > 0);

    const detail = seen.last.detail?.find((d) => d.uuid === uuid.busy);
    assert.ok(detail, 'detail for the watched VM');
    assert.equal(detail.vcpuPct.length, 1);
    assert.deepEqual(
      detail.disks.map((d) => d.name),
      ['hda'],
    );
    assert.ok(seen.last.host && seen.last.host.perCpuPct.length === seen.last.host.cpus, 'per-CPU host figures');
    assert.ok(seen.last.host.vmCpuPct >= field(seen.last, uuid.busy!, 'cpuHostPct')!, 'the VMs’ share of the host includes the busy guest');

    const history = await h.client.api.stats.history({ connection: id, uuid: uuid.busy!, seconds: 600 });
    assert.ok(history.times.length >= 3);
    const cpu = history.fields.indexOf('cpuPct');
    assert.ok(
      history.values.some((v, i) => i % history.fields.length === cpu && v > 20),
      'the busy guest’s CPU history',
    );
  });
});

describe('a hung remote host', () => {
  it('never delays sampling the local one', async () => {
    const h = await harness();
    const before = new Set(childProcesses('ssh'));
    let ssh: number | undefined;
    try {
      await h.client.api.preferences.update({ changes: { statsIntervalMs: 500 } });
      const local = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
      const remote = (await h.client.api.connections.add({ spec: { uri: SSH_URI, autoconnect: false } })).id;
      await Promise.all([h.client.api.connections.open({ id: local }), h.client.api.connections.open({ id: remote })]);
      ssh = childProcesses('ssh').find((p) => !before.has(p));
      assert.ok(ssh, 'libvirt runs ssh for the remote host');
      await h.client.api.stats.watch({ watcher: 'hung-watcher', interests: [local, remote].map((connection) => ({ connection, rows: 'all' as const, detail: [], host: true })) });
      await waitFor('both hosts sampled', () => ticks(h, local).length > 0 && ticks(h, remote).length > 0);

      process.kill(ssh, 'SIGSTOP'); // the link stalls: the remote host's calls hang
      const [l0, r0] = [ticks(h, local).length, ticks(h, remote).length];
      await waitFor('six more local ticks', () => ticks(h, local).length >= l0 + 6, 20_000);
      assert.ok(ticks(h, remote).length <= r0 + 1, 'the remote host is stuck (at most the tick already under way)');

      process.kill(ssh, 'SIGCONT');
      await waitFor('the remote host sampled again', () => ticks(h, remote).length > r0 + 1, 20_000);
    } finally {
      if (ssh) process.kill(ssh, 'SIGCONT');
      await h.client.api.stats.watch({ watcher: 'hung-watcher', interests: [] });
      await h.close();
    }
  });
});
