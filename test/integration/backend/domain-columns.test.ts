// The VM table's extra columns through the contract: titles and guest addresses
// (domains.extras, per-VM calls for the rows on screen) and uptime (startedAt), against the
// test driver and a real libvirtd with QEMU (TCG).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { DomainSummary } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, testDriverNode, waitFor, type Harness } from './support.js';

const run = promisify(execFile);
const changedEvent =
  (h: Harness, uuid: string, pred: (s: DomainSummary) => boolean = () => true, from = 0) =>
  () =>
    h.events.slice(from).find((e) => e.topic === 'domain.changed' && (e.payload as DomainSummary).ref.uuid === uuid && pred(e.payload as DomainSummary))?.payload as
      DomainSummary | undefined;

describe('domains.extras on the test driver', () => {
  let h: Harness;
  let id: string;
  before(async () => {
    h = await harness();
    const uri = await testDriverNode(h.dir, 'extras.xml', ['web', 'db', 'idle']);
    id = (await h.client.api.connections.add({ spec: { uri, autoconnect: false } })).id;
    await h.client.api.connections.open({ id });
  });
  after(async () => {
    await h.close();
  });

  it('gives the titles of the VMs asked for, with empty address lists where libvirt cannot tell', async () => {
    const rows = await h.client.api.domains.list({ connection: id });
    const web = rows.find((r) => r.name === 'web')!;
    const db = rows.find((r) => r.name === 'db')!;
    // Set through the backend's own connection: a test:///file URI is private to its opener.
    const dom = await h.backend.connections.connection(id).lookupByUUIDString(web.ref.uuid);
    const from = h.events.length;
    await dom.setMetadata(libvirt.DomainMetadataType.TITLE, 'Front end <&> "web"', null, null, libvirt.DomainModificationImpact.CURRENT);
    // The metadata-change event re-reads the VM, which tells the UI to ask for its extras again.
    await waitFor(
      'the VM re-read after its title changed',
      changedEvent(h, web.ref.uuid, () => true, from),
    );

    const gone = randomUUID();
    const extras = await h.client.api.domains.extras({ connection: id, uuids: [web.ref.uuid, db.ref.uuid, gone] });
    assert.deepEqual(
      extras.sort((a, b) => (a.uuid === web.ref.uuid ? -1 : b.uuid === web.ref.uuid ? 1 : 0)),
      // The test driver has no bulk stats: vCPUs and memory come from getInfo (as the node file defines them).
      [
        { uuid: web.ref.uuid, title: 'Front end <&> "web"', addresses: [], vcpus: 1, memoryKiB: 131072, maxMemoryKiB: 131072 },
        { uuid: db.ref.uuid, addresses: [], vcpus: 1, memoryKiB: 131072, maxMemoryKiB: 131072 },
      ],
      'an unknown UUID is left out; a VM without a title has none',
    );
    const titlesOnly = await h.client.api.domains.extras({ connection: id, uuids: [web.ref.uuid], addresses: false });
    assert.deepEqual(titlesOnly, [{ uuid: web.ref.uuid, title: 'Front end <&> "web"', addresses: [], vcpus: 1, memoryKiB: 131072, maxMemoryKiB: 131072 }]);
    // The list itself never carries titles: it stays on bulk calls.
    assert.equal('title' in (await h.client.api.domains.list({ connection: id })).find((r) => r.name === 'web')!, false);
  });

  it('refuses more than 200 UUIDs, malformed ones, and a closed connection', async () => {
    const many = Array.from({ length: 201 }, () => randomUUID());
    await assert.rejects(h.client.api.domains.extras({ connection: id, uuids: many }), (e: unknown) => e instanceof ApiError && e.code === 'invalid-request');
    await assert.rejects(h.client.api.domains.extras({ connection: id, uuids: ['nope'] }), (e: unknown) => e instanceof ApiError && e.code === 'invalid-request');
    assert.equal((await h.client.api.domains.extras({ connection: id, uuids: many.slice(0, 200) })).length, 0);
    const other = await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: false } });
    await assert.rejects(h.client.api.domains.extras({ connection: other.id, uuids: [] }), (e: unknown) => e instanceof ApiError);
    await h.client.api.connections.remove({ id: other.id });
  });

  it('stamps startedAt on a start it sees, keeps it while the VM runs, and drops it when it stops', async () => {
    const idle = (await h.client.api.domains.list({ connection: id })).find((r) => r.name === 'idle')!;
    assert.equal(idle.state, 'running');
    assert.equal(idle.startedAt, undefined, 'running before the connection opened, on a host whose QEMU pid files are not ours to read');
    await h.client.api.domains.forceOff({ ref: idle.ref });
    const off = (await h.client.api.domains.list({ connection: id })).find((r) => r.name === 'idle')!;
    assert.equal(off.startedAt, undefined);
    const t0 = Date.now();
    const from = h.events.length;
    await h.client.api.domains.start({ ref: idle.ref });
    const t1 = Date.now();
    const ev = await waitFor(
      'the started VM',
      changedEvent(h, idle.ref.uuid, (s) => s.state === 'running', from),
    );
    assert.ok(ev.startedAt !== undefined && ev.startedAt >= t0 && ev.startedAt <= t1, `startedAt ${ev.startedAt} within [${t0}, ${t1}]`);
    const listed = (await h.client.api.domains.list({ connection: id })).find((r) => r.name === 'idle')!;
    assert.equal(listed.startedAt, ev.startedAt, 'the same start time on later listings');
    assert.equal((await h.client.api.domains.details({ ref: idle.ref })).startedAt, ev.startedAt);
    await h.client.api.domains.forceOff({ ref: idle.ref });
    assert.equal((await h.client.api.domains.list({ connection: id })).find((r) => r.name === 'idle')!.startedAt, undefined);
  });
});

describe('uptime and titles on a real QEMU host', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let id: string;
  const name = uniqueName('uptime');
  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    id = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
    await h.client.api.connections.open({ id });
  });
  after(async () => {
    await h?.close();
    await purgeDomain(conn, name);
    await conn.close();
  });

  it('shows a title set with virsh, and the start time of a VM started with virsh or running before the connection', async () => {
    const file = `${h.dir}/dom.xml`;
    // A user-mode NIC: libvirt has no lease for it and the ARP lookup fails; neither is an error here.
    await writeFile(file, tinyDomainXML(name, { graphics: 'none' }).replace('</devices>', "<interface type='user'><model type='virtio'/></interface></devices>"));
    await run('virsh', ['-c', SYSTEM_URI, 'define', file]);
    const defined = await waitFor('the defined VM', () => h.events.map((e) => e.payload as DomainSummary).find((s) => s.name === name));
    const uuid = defined.ref.uuid;

    let from = h.events.length;
    await run('virsh', ['-c', SYSTEM_URI, 'desc', name, '--title', 'Build box (TCG)']);
    await waitFor(
      'the VM re-read after virsh desc --title',
      changedEvent(h, uuid, () => true, from),
    );
    assert.deepEqual(await h.client.api.domains.extras({ connection: id, uuids: [uuid] }), [{ uuid, title: 'Build box (TCG)', addresses: [] }]);

    from = h.events.length;
    const t0 = Date.now();
    await run('virsh', ['-c', SYSTEM_URI, 'start', name]);
    const t1 = Date.now();
    const ev = await waitFor(
      'the VM running',
      changedEvent(h, uuid, (s) => s.state === 'running' && s.startedAt !== undefined, from),
    );
    assert.ok(ev.startedAt! >= t0 - 1000 && ev.startedAt! <= t1, `startedAt ${ev.startedAt} near the start [${t0}, ${t1}]`);
    // Running VMs get their addresses looked up: none known for this one, and no error.
    assert.deepEqual(await h.client.api.domains.extras({ connection: id, uuids: [uuid] }), [{ uuid, title: 'Build box (TCG)', addresses: [] }]);

    // A second backend that connects while the VM runs reads the start from QEMU's pid file.
    const pidTime = (await stat(`/run/libvirt/qemu/${name}.pid`)).mtimeMs;
    const late = await harness();
    try {
      const lateId = (await late.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
      await late.client.api.connections.open({ id: lateId });
      const row = (await late.client.api.domains.list({ connection: lateId })).find((r) => r.ref.uuid === uuid)!;
      assert.equal(row.startedAt, pidTime);
      assert.ok(Math.abs(row.startedAt - ev.startedAt!) < 5000, 'both backends agree on the start within seconds');
    } finally {
      await late.close();
    }

    from = h.events.length;
    await run('virsh', ['-c', SYSTEM_URI, 'destroy', name]);
    const off = await waitFor(
      'the VM shut off',
      changedEvent(h, uuid, (s) => s.state === 'shutoff', from),
    );
    assert.equal(off.startedAt, undefined);
    await run('virsh', ['-c', SYSTEM_URI, 'undefine', name]);
    await waitFor('the VM removed', () => h.events.some((e) => e.topic === 'domain.removed' && (e.payload as { uuid: string }).uuid === uuid));
  });
});
