// The stats backend's arithmetic and bookkeeping: rates from 64-bit counters with resets,
// the typed ring buffer, and interest leases with timers the test moves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UNKNOWN, VM_FIELDS } from '../../electron/common/api/stats.js';
import { busyPercent, memoryUsedKiB } from '../../electron/node/stats/host-counters.js';
import { InterestBook } from '../../electron/node/stats/interest-book.js';
import { cpuPercent, perSecond } from '../../electron/node/stats/rates.js';
import { SeriesRing } from '../../electron/node/stats/series-ring.js';
import { readCounters, writeFigures } from '../../electron/node/stats/vm-counters.js';
import { FakeTimers } from '../support/fake-timers.js';

describe('rates from counters', () => {
  it('keeps 64-bit counters exact until the delta', () => {
    const big = 2n ** 60n; // far past 2^53: as a Number the +1000 would vanish
    assert.equal(perSecond(big, big + 1000n, 2), 500);
    assert.equal(perSecond(2n ** 64n - 1001n, 2n ** 64n - 1n, 1), 1000);
  });

  it('gives UNKNOWN, never a spike, when a counter goes down or a reading is missing', () => {
    assert.equal(perSecond(5_000_000n, 10n, 1), UNKNOWN);
    assert.equal(perSecond(undefined, 10n, 1), UNKNOWN);
    assert.equal(perSecond(1n, undefined, 1), UNKNOWN);
    assert.equal(perSecond(1n, 2n, 0), UNKNOWN);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.double({ min: 0.001, max: 100, noNaN: true }), (a, b, s) => {
        const r = perSecond(a, b, s);
        return b < a ? r === UNKNOWN : r >= 0;
      }),
    );
  });

  it('computes CPU % of the VM’s vCPUs and caps it at 100', () => {
    assert.equal(cpuPercent(0n, 1_000_000_000n, 1, 2), 50);
    assert.equal(cpuPercent(0n, 3_000_000_000n, 1, 2), 100);
    assert.equal(cpuPercent(5n, 1n, 1, 1), UNKNOWN);
  });

  it('turns two readings of a VM into figures, and a restart into unknowns', () => {
    const host = { cpus: 4, memTotalKiB: 1_048_576 };
    const stats = (cpu: bigint, rd: bigint, state = 1) => ({
      'state.state': state,
      'cpu.time': cpu,
      'balloon.current': 262_144n,
      'block.count': 2,
      'block.0.rd.bytes': rd,
      'block.1.rd.bytes': rd,
      'block.0.wr.bytes': 0n,
      'block.1.wr.bytes': 0n,
    });
    const a = readCounters(1000, stats(0n, 0n));
    const b = readCounters(3000, stats(2_000_000_000n, 1024n));
    const out = new Float64Array(VM_FIELDS.length);
    writeFigures(out, 0, a, b, 2, host);
    const fig = (f: (typeof VM_FIELDS)[number]) => out[VM_FIELDS.indexOf(f)];
    assert.equal(fig('cpuPct'), 50); // 2 s of CPU over 2 s on 2 vCPUs
    assert.equal(fig('cpuHostPct'), 25);
    assert.equal(fig('memKiB'), 262_144);
    assert.equal(fig('memPct'), 25);
    assert.equal(fig('diskRdBps'), 1024); // two disks, 1024 B each over 2 s
    assert.equal(fig('netRxBps'), UNKNOWN); // no NICs reported
    // Every field, by name, from readings that carry every counter.
    const full = (k: bigint, t: number) =>
      readCounters(t, {
        'state.state': 1,
        'cpu.time': k * 1_000_000_000n,
        'balloon.current': 1000n,
        'balloon.unused': 300n,
        'balloon.available': 900n,
        'balloon.rss': 1200n,
        'block.count': 1,
        'block.0.rd.bytes': k * 10n,
        'block.0.wr.bytes': k * 20n,
        'block.0.rd.reqs': k * 3n,
        'block.0.wr.reqs': k * 4n,
        'net.count': 1,
        'net.0.rx.bytes': k * 50n,
        'net.0.tx.bytes': k * 60n,
        'net.0.rx.pkts': k * 5n,
        'net.0.tx.pkts': k * 6n,
      });
    writeFigures(out, 0, full(1n, 0), full(2n, 1000), 1, { cpus: 2, memTotalKiB: 4000 });
    assert.deepEqual(Object.fromEntries(VM_FIELDS.map((f) => [f, fig(f)])), {
      cpuPct: 100,
      cpuHostPct: 50,
      memKiB: 1000,
      memPct: 25,
      memUnusedKiB: 300,
      memAvailableKiB: 900,
      rssKiB: 1200,
      diskRdBps: 10,
      diskWrBps: 20,
      diskRdIops: 3,
      diskWrIops: 4,
      netRxBps: 50,
      netTxBps: 60,
      netRxPps: 5,
      netTxPps: 6,
      cpuTimeSec: 2,
    });
    const restarted = readCounters(4000, stats(100_000n, 0n));
    writeFigures(out, 0, b, restarted, 2, host);
    assert.equal(fig('cpuPct'), UNKNOWN);
    assert.equal(fig('diskRdBps'), UNKNOWN);
    const off = readCounters(5000, { 'state.state': 5 });
    writeFigures(out, 0, restarted, off, 2, host);
    assert.ok(
      [...out].every((v) => v === UNKNOWN),
      'a stopped VM has no figures',
    );
  });

  it('reads host CPU and memory like top and free', () => {
    assert.equal(busyPercent({ busy: 100n, all: 1000n }, { busy: 400n, all: 2000n }), 30);
    assert.equal(busyPercent(undefined, { busy: 1n, all: 2n }), UNKNOWN);
    assert.deepEqual(memoryUsedKiB({ total: 1000n, free: 100n, buffers: 50n, cached: 250n }), { used: 600, total: 1000 });
  });
});

describe('the series ring', () => {
  it('keeps the last N samples in order, and reads from a given time', () => {
    const ring = new SeriesRing(['a', 'b'], 3);
    for (let t = 1; t <= 5; t++) ring.push(t * 1000, [t * 10, t * 10 + 1], [0, 1]);
    assert.equal(ring.size, 3);
    assert.deepEqual(ring.read(), { times: [3000, 4000, 5000], fields: ['a', 'b'], values: [30, 31, 40, 41, 50, 51] });
    assert.deepEqual(ring.read(4000).times, [5000]);
    assert.equal(ring.newest, 5000);
    const empty = new SeriesRing(['a'], 2);
    assert.deepEqual(empty.read(), { times: [], fields: ['a'], values: [] });
    assert.equal(empty.newest, -Infinity);
  });

  it('keeps UNKNOWN exact', () => {
    const ring = new SeriesRing(['a'], 2);
    ring.push(1, [UNKNOWN], [0]);
    assert.deepEqual(ring.read().values, [UNKNOWN]);
  });
});

describe('interest leases', () => {
  const vm = '6695eb01-f6a4-8304-79aa-97f2502e193f';
  it('unions what windows watch, and forgets a window that stops renewing', () => {
    const timers = new FakeTimers();
    let changes = 0;
    const book = new InterestBook(timers, 5000, () => changes++);
    book.declare('window-1', [{ connection: 'c1', rows: [vm], detail: [], host: false }]);
    timers.advance(3000);
    book.declare('window-2', [
      { connection: 'c1', rows: 'all', detail: [vm], host: true },
      { connection: 'c2', rows: [], detail: [], host: false },
    ]);
    let u = book.union();
    assert.equal(u.get('c1')!.rows, 'all');
    assert.deepEqual([...u.get('c1')!.detail], [vm]);
    assert.ok(u.get('c1')!.host);
    assert.ok(u.has('c2'));

    timers.advance(2000); // window-1 lapses
    assert.ok(changes >= 3, 'the lapse is announced');
    book.declare('window-2', [{ connection: 'c1', rows: [vm], detail: [], host: false }]);
    u = book.union();
    assert.deepEqual([...(u.get('c1')!.rows as Set<string>)], [vm]);
    assert.ok(!u.has('c2'));
    book.declare('window-2', []);
    assert.equal(book.union().size, 0);
    assert.deepEqual(timers.pending(), [], 'no timer left behind');
  });
});
