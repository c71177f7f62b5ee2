// The renderer's object slices without a DOM: events folded per batch, identity kept for what
// did not change (so other hosts' rows do not re-render), a connection's objects dropped when
// it goes down and taken from a fresh listing when it is back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionInfo } from '../../electron/common/api/connections.js';
import type { DomainSummary } from '../../electron/common/api/domains.js';
import { connectionById, reduceConnections } from '../../renderer/src/store/connections.js';
import { domainByRef, initialDomains, reduceDomains, withListing, type DomainsState } from '../../renderer/src/store/domains.js';
import { connectedIn, type BackendEvent } from '../../renderer/src/store/events.js';

const conn = (id: string, state: ConnectionInfo['state']): ConnectionInfo => ({ id, state, spec: { uri: `test:///${id}`, autoconnect: false } });
const vm = (connection: string, uuid: string, state: DomainSummary['state'] = 'running'): DomainSummary => ({
  ref: { connection, uuid },
  name: uuid,
  state,
  reason: 'booted',
  id: 1,
  persistent: true,
  autostart: false,
  hasManagedSave: false,
});

describe('store slices', () => {
  it('connections: adds, updates in place, removes and reorders; unrelated batches keep the state', () => {
    let s = { connections: [conn('a', 'connected')] };
    const same = reduceConnections(s, [{ topic: 'domain.removed', payload: { connection: 'a', uuid: 'x' } }]);
    assert.equal(same, s, 'no connection event: the same object');
    s = reduceConnections(s, [
      { topic: 'connection.stateChanged', payload: conn('b', 'connecting') },
      { topic: 'connection.stateChanged', payload: conn('a', 'failed') },
    ]);
    assert.deepEqual(
      s.connections.map((c) => [c.id, c.state]),
      [
        ['a', 'failed'],
        ['b', 'connecting'],
      ],
    );
    s = reduceConnections(s, [{ topic: 'connections.reordered', payload: { ids: ['b', 'a'] } }]);
    assert.deepEqual(
      s.connections.map((c) => c.id),
      ['b', 'a'],
    );
    s = reduceConnections(s, [{ topic: 'connection.removed', payload: { id: 'b' } }]);
    assert.deepEqual(
      s.connections.map((c) => c.id),
      ['a'],
    );
    assert.equal(connectionById('a')(s)?.state, 'failed');
    assert.equal(connectionById(null)(s), undefined);
  });

  it('domains: keyed by ref; events for unlisted hosts wait for the listing; other hosts keep their identity', () => {
    let s: DomainsState = { ...initialDomains, ...withListing(initialDomains, 'a', [vm('a', '1'), vm('a', '2')]) };
    s = { ...s, ...withListing(s, 'b', [vm('b', '9')]) };
    const hostB = s.domains['b'];
    const batch: BackendEvent[] = [
      { topic: 'domain.changed', payload: vm('a', '1', 'paused') },
      { topic: 'domain.changed', payload: vm('c', '5') }, // c is not listed yet
      { topic: 'domain.removed', payload: { connection: 'a', uuid: '2' } },
    ];
    s = reduceDomains(s, batch);
    assert.equal(domainByRef({ connection: 'a', uuid: '1' })(s)?.state, 'paused');
    assert.equal(domainByRef({ connection: 'a', uuid: '2' })(s), undefined);
    assert.equal(s.domains['c'], undefined, 'the listing brings c’s VMs, not a stray event');
    assert.equal(s.domains['b'], hostB, 'host b untouched, same object');
  });

  it('domains: a host that goes down drops its VMs and extras; its coming back asks for a listing', () => {
    let s: DomainsState = { domains: { a: { '1': vm('a', '1') } }, extras: { a: { '1': { uuid: '1', addresses: [] } } } };
    const down: BackendEvent[] = [{ topic: 'connection.stateChanged', payload: conn('a', 'disconnected') }];
    s = reduceDomains(s, down);
    assert.deepEqual(s, { domains: {}, extras: {} });
    const up: BackendEvent[] = [{ topic: 'connection.stateChanged', payload: conn('a', 'connected') }];
    assert.equal(reduceDomains(s, up), s, 'connected: nothing to drop');
    assert.deepEqual(connectedIn(up), ['a'], 'the store resyncs every slice of a');
    assert.deepEqual(connectedIn(down), []);
  });
});
