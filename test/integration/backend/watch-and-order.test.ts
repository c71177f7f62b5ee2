// The polling fallback (for drivers without events), run against the real test driver with
// timers the test moves; and the user's order of connections, kept and announced.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ConnectionInfo } from '../../../electron/common/api/connections.js';
import type { DomainSummary } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { createBackend } from '../../../electron/node/virt-service.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { harness, testDriverNode, waitFor } from './support.js';

describe('following VMs by polling', () => {
  it('finds changes made behind its back at the next tick, and only then', async () => {
    const timers = new FakeTimers();
    const h = await harness({ timers, pollMs: 2000, watchMode: 'poll' });
    try {
      const uri = await testDriverNode(h.dir, 'poll.xml', ['web']);
      const info = await h.client.api.connections.add({ spec: { uri, autoconnect: false } });
      await h.client.api.connections.open({ id: info.id });
      const [web] = await h.client.api.domains.list({ connection: info.id });
      // The backend's own libvirt connection: test:/// state is private to it.
      const conn = h.backend.connections.connection(info.id);
      const changed = (uuid: string, state: string) => () =>
        h.events.some((e) => e.topic === 'domain.changed' && (e.payload as DomainSummary).ref.uuid === uuid && (e.payload as DomainSummary).state === state);

      await (await conn.lookupByUUIDString(web!.ref.uuid)).suspend();
      const added = await conn.defineXML(`<domain type='test'><name>added</name><uuid>${randomUUID()}</uuid><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>`);
      const addedUuid = await added.UUIDString();
      await h.client.api.connections.list({}); // a round trip: anything already sent has arrived
      assert.equal(changed(web!.ref.uuid, 'paused')(), false, 'nothing is seen before the tick');
      // One tick per polled kind (VMs, networks, storage pools).
      assert.deepEqual(timers.pending(), [2000, 2000, 2000], 'one tick scheduled per kind, none in flight');

      timers.advance(2000);
      await waitFor('the pause, seen by polling', changed(web!.ref.uuid, 'paused'));
      await waitFor('the new VM, seen by polling', changed(addedUuid, 'shutoff'));
      await waitFor('the next ticks, chained after these', () => timers.pending().length === 3);
      assert.equal((await h.client.api.connections.list({}))[0]!.counts?.total, 2, 'VM counts follow polling');

      await added.undefineFlags();
      timers.advance(2000);
      await waitFor('the removal, seen by polling', () => h.events.some((e) => e.topic === 'domain.removed' && (e.payload as { uuid: string }).uuid === addedUuid));
      await waitFor('VM counts from polling', async () => (await h.client.api.connections.list({}))[0]!.counts?.total === 1);

      await h.client.api.connections.close({ id: info.id });
      assert.deepEqual(timers.pending(), [], 'polling stops with the connection');
    } finally {
      await h.close();
    }
  });
});

describe('the order of connections', () => {
  it('is changed by reorder, announced to every client, and kept across restarts', async () => {
    const h = await harness();
    try {
      const a = await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: false, label: 'A' } });
      const b = await h.client.api.connections.add({ spec: { uri: await testDriverNode(h.dir, 'b.xml', []), autoconnect: false, label: 'B' } });
      await h.client.api.connections.reorder({ ids: [b.id, a.id] });
      await waitFor('the reordered event', () => h.events.some((e) => e.topic === 'connections.reordered' && (e.payload as { ids: string[] }).ids.join() === [b.id, a.id].join()));
      assert.deepEqual(
        (await h.client.api.connections.list({})).map((c: ConnectionInfo) => c.spec.label),
        ['B', 'A'],
      );

      for (const ids of [[a.id], [a.id, a.id], [a.id, b.id, 'nope']]) {
        await assert.rejects(h.client.api.connections.reorder({ ids }), (e: unknown) => e instanceof ApiError && e.code === 'invalid-input');
      }
      const again = await createBackend({ configDir: `${h.dir}/config`, firstRun: [], askpass: false });
      assert.deepEqual(
        again.connections.list().map((c) => c.spec.label),
        ['B', 'A'],
      );
      await again.dispose();
    } finally {
      await h.close();
    }
  });
});
