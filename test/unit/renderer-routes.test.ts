// The app's places in the URL hash (renderer/src/router/routes.ts) and the data table's order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareValues, nextSort, sortRows } from '../../renderer/src/components/data-table-sort.js';
import { formatHash, parseHash, type Place } from '../../renderer/src/router/routes.js';

const UUID = '0f9a3c1e-8d2b-4e6f-9a1b-2c3d4e5f6a7b';
const HOST = '5c0a3d59-4a8e-4c1a-9a55-0d7e3b2f1c00';

describe('routes', () => {
  it('formats and parses every route back to the same place', () => {
    const places: Place[] = [
      { name: 'home' },
      { name: 'host', host: HOST },
      { name: 'hostOverview', host: HOST },
      { name: 'hostPerformance', host: HOST },
      { name: 'hostNetworks', host: HOST },
      { name: 'hostStorage', host: HOST },
      { name: 'vm', host: HOST, uuid: UUID, tab: 'performance' },
      { name: 'top' },
      { name: 'console', host: HOST, uuid: UUID },
    ];
    for (const p of places) assert.deepEqual(parseHash(formatHash(p)), p, formatHash(p));
    assert.equal(formatHash({ name: 'vm', host: HOST, uuid: UUID, tab: 'overview' }), `#/host/${HOST}/vm/${UUID}/overview`);
  });

  it('encodes parameters, so any connection id stays one segment', () => {
    const odd = 'a/b c?#%';
    const hash = formatHash({ name: 'host', host: odd });
    assert.equal(hash, '#/host/a%2Fb%20c%3F%23%25');
    assert.deepEqual(parseHash(hash), { name: 'host', host: odd });
  });

  it('reads UUIDs in any case as lower case, and refuses malformed ones and tabs', () => {
    assert.deepEqual(parseHash(`#/host/${HOST}/vm/${UUID.toUpperCase()}/overview`), { name: 'vm', host: HOST, uuid: UUID, tab: 'overview' });
    assert.deepEqual(parseHash(`#/host/${HOST}/vm/not-a-uuid/overview`), { name: 'home' });
    assert.deepEqual(parseHash(`#/host/${HOST}/vm/${UUID}/Over<view>`), { name: 'home' });
  });

  it('takes empty, unknown and broken hashes as home; a trailing slash is the same place', () => {
    for (const h of ['', '#', '#/', '#/nowhere', '#/host', '#/host/%E0%A4%A', '#/top/extra']) assert.deepEqual(parseHash(h), { name: 'home' }, h);
    assert.deepEqual(parseHash('#/top/'), { name: 'top' });
    assert.deepEqual(parseHash('#top'), { name: 'top' });
  });
});

describe('data table order', () => {
  const rows = [
    { name: 'vda10', size: 3 },
    { name: 'vda2', size: undefined },
    { name: 'sda', size: 1 },
    { name: 'vdb', size: 3 },
  ];
  it('sorts numbers by value and text numerically, unknown last either way, ties in input order', () => {
    assert.deepEqual(
      sortRows(rows, (r) => r.name, false).map((r) => r.name),
      ['sda', 'vda2', 'vda10', 'vdb'],
    );
    assert.deepEqual(
      sortRows(rows, (r) => r.size, false).map((r) => r.name),
      ['sda', 'vda10', 'vdb', 'vda2'],
    );
    assert.deepEqual(
      sortRows(rows, (r) => r.size, true).map((r) => r.name),
      ['vda10', 'vdb', 'sda', 'vda2'],
    );
    assert.equal(compareValues(undefined, undefined), 0);
  });
  it('toggles the direction on the sorted column and starts ascending on another', () => {
    assert.deepEqual(nextSort(null, 'name'), { column: 'name', descending: false });
    assert.deepEqual(nextSort({ column: 'name', descending: false }, 'name'), { column: 'name', descending: true });
    assert.deepEqual(nextSort({ column: 'name', descending: true }, 'size'), { column: 'size', descending: false });
  });
});
