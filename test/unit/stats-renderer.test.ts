// The renderer's pure pieces of live figures: the typed ring, unpacking a tick into a host's
// buffers, seeding from history, merging what a window shows, and formatting figures.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import i18next from 'i18next';
import { UNKNOWN, VM_FIELDS, VM_HISTORY_FIELDS, type StatsTick } from '../../electron/common/api/stats.js';
import { en } from '../../renderer/src/i18n/en.js';
import { formatCount, formatCpuTime, formatKiBValue, formatPercent, formatRate } from '../../renderer/src/i18n/format.js';
import { FIELD, HOST_FIELD, HostStats, SPARK_SAMPLES, WIDTH } from '../../renderer/src/stats/host-stats.js';
import { interestKey, MAX_DETAIL, MAX_ROWS, mergeInterests } from '../../renderer/src/stats/interests.js';
import { Ring } from '../../renderer/src/stats/ring.js';
import { binarySplits } from '../../renderer/src/features/stats/graph-scale.js';
import { shownColumns, toggled } from '../../renderer/src/features/stats/columns.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

/** A tick with one packed row per VM: figure f of VM i is i * 100 + f (or UNKNOWN). */
function tick(t: number, uuids: string[], extra: Partial<StatsTick> = {}, value = (i: number, f: number) => i * 100 + f): StatsTick {
  const values: number[] = [];
  uuids.forEach((_, i) => VM_FIELDS.forEach((_f, f) => values.push(value(i, f))));
  return { connection: 'c1', t, intervalMs: 1000, uuids, values, ...extra };
}

describe('Ring', () => {
  it('keeps the newest samples in order and evicts the oldest', () => {
    const r = new Ring(3, 2);
    assert.equal(r.length, 0);
    assert.equal(r.lastTime(), -Infinity);
    for (let t = 1; t <= 5; t++) r.push(t * 10, [t, -t]);
    assert.equal(r.length, 3);
    assert.deepEqual(
      [0, 1, 2].map((i) => r.time(i)),
      [30, 40, 50],
    );
    assert.deepEqual(
      [0, 1, 2].map((i) => r.value(i, 1)),
      [-3, -4, -5],
    );
    assert.equal(r.lastTime(), 50);
  });

  it('finds the first sample at or after a time', () => {
    const r = new Ring(5, 1);
    for (const t of [10, 20, 30, 40, 50, 60, 70]) r.push(t, [t]);
    assert.equal(r.indexSince(0), 0);
    assert.equal(r.indexSince(30), 0);
    assert.equal(r.indexSince(31), 1);
    assert.equal(r.indexSince(70), 4);
    assert.equal(r.indexSince(71), 5);
  });

  it('matches a plain array for any sequence of pushes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 60 }), (cap, xs) => {
        const r = new Ring(cap, 1);
        xs.forEach((x, i) => r.push(i, [x]));
        const want = xs.slice(-cap);
        assert.equal(r.length, want.length);
        want.forEach((x, i) => assert.equal(r.value(i, 0), x));
      }),
    );
  });

  it('keeps sparkline figures compactly as Float32', () => {
    assert.ok(new Ring(4, 1, true).data instanceof Float32Array);
    assert.ok(new Ring(4, 1).data instanceof Float64Array);
  });
});

describe('HostStats: unpacking ticks', () => {
  it('reads each VM’s figures from its packed row, unknown (-1) as NaN', () => {
    const h = new HostStats('c1');
    h.apply(tick(1000, [A, B], {}, (i, f) => (i === 1 && f === FIELD.diskRdBps ? UNKNOWN : i * 100 + f)));
    assert.equal(h.value(A, FIELD.cpuPct), 0);
    assert.equal(h.value(A, FIELD.memPct), FIELD.memPct);
    assert.equal(h.value(B, FIELD.cpuPct), 100);
    assert.equal(h.value(B, FIELD.cpuTimeSec), 100 + WIDTH - 1);
    assert.ok(Number.isNaN(h.value(B, FIELD.diskRdBps)));
    assert.ok(Number.isNaN(h.value(C, FIELD.cpuPct)), 'a VM never in a tick is unknown');
  });

  it('makes a VM unknown once a tick no longer carries it, and ignores late ticks', () => {
    const h = new HostStats('c1');
    h.apply(tick(1000, [A, B]));
    h.apply(tick(2000, [B]));
    assert.ok(Number.isNaN(h.value(A, FIELD.cpuPct)));
    assert.equal(h.value(B, FIELD.cpuPct), 0, 'B is now the first row');
    h.apply(tick(1500, [A]));
    assert.ok(Number.isNaN(h.value(A, FIELD.cpuPct)), 'an older tick changes nothing');
  });

  it('keeps the last SPARK_SAMPLES CPU figures of every VM for its sparkline', () => {
    const h = new HostStats('c1');
    for (let k = 1; k <= SPARK_SAMPLES + 5; k++) h.apply(tick(k * 1000, [A], {}, (_i, f) => (f === FIELD.cpuPct ? k : 0)));
    const s = h.spark.get(A)!;
    assert.equal(s.length, SPARK_SAMPLES);
    assert.equal(s.value(0, 0), 6);
    assert.equal(s.value(SPARK_SAMPLES - 1, 0), SPARK_SAMPLES + 5);
  });

  it('keeps every figure only for retained VMs, and the host with its VMs’ CPU share', () => {
    const h = new HostStats('c1');
    const ring = h.retain(A);
    h.retainHost();
    const host = { cpuPct: 40, vmCpuPct: 15, perCpuPct: [40], memUsedKiB: 1024, memTotalKiB: 4096, cpus: 2 };
    h.apply(tick(1000, [A, B], { host }, (i, f) => (f === FIELD.cpuHostPct ? (i + 1) * 5 : 1)));
    assert.equal(ring.length, 1);
    assert.equal(ring.value(0, FIELD.cpuHostPct), 5);
    assert.equal(h.series.has(B), false);
    const hr = h.host!;
    assert.equal(hr.value(0, HOST_FIELD.cpuPct), 40);
    assert.equal(hr.value(0, HOST_FIELD.memTotalKiB), 4096);
    assert.equal(hr.value(0, HOST_FIELD.vmCpuPct), 15, 'the VMs’ share, as the backend sums it');
    assert.equal(h.hostCpus, 2);
    h.release(A);
    h.apply(tick(2000, [A]));
    assert.equal(h.series.has(A), false);
  });

  it('seeds a retained VM from history, keeping samples ticks added meanwhile', () => {
    const h = new HostStats('c1');
    h.retain(A);
    h.apply(tick(5000, [A], {}, (_i, f) => (f === FIELD.cpuPct ? 50 : 0)));
    const fields = VM_HISTORY_FIELDS;
    const row = (cpu: number) => fields.map((f) => (f === 'cpuPct' ? cpu : f === 'memAvailableKiB' ? UNKNOWN : 7));
    h.seed(A, { times: [3000, 4000, 5000], fields, values: [...row(10), ...row(20), ...row(30)] });
    const r = h.series.get(A)!;
    assert.deepEqual(
      [0, 1, 2].map((i) => r.time(i)),
      [3000, 4000, 5000],
    );
    assert.deepEqual(
      [0, 1, 2].map((i) => r.value(i, FIELD.cpuPct)),
      [10, 20, 50],
      'the tick’s own sample wins over history’s',
    );
    assert.ok(Number.isNaN(r.value(0, FIELD.memAvailableKiB)));
    assert.ok(Number.isNaN(r.value(0, FIELD.rssKiB)), 'figures history does not keep are unknown');
    assert.equal(r.value(0, FIELD.memKiB), 7);
  });

  it('reuses the slot of a forgotten VM without mixing figures', () => {
    const h = new HostStats('c1');
    const many = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    h.apply(tick(1000, many));
    h.forget(many[3]!);
    h.apply(tick(2000, [...many, A]));
    assert.equal(h.value(A, FIELD.cpuPct), 10000);
    assert.equal(h.value(many[99]!, FIELD.cpuPct), 9900);
    assert.equal(h.spark.has(many[3]!), true, 'it came back in the tick');
  });
});

describe('mergeInterests', () => {
  it('unions rows, detail and host per connection; all wins; detail VMs are rows too', () => {
    const merged = mergeInterests([
      { connection: 'c2', rows: [B], detail: [], host: false },
      { connection: 'c1', rows: [B, A], detail: [], host: false },
      { connection: 'c1', rows: [A], detail: [C], host: true },
      { connection: 'c2', rows: 'all', detail: [], host: false },
    ]);
    assert.deepEqual(merged, [
      { connection: 'c1', rows: [A, B, C], detail: [C], host: true },
      { connection: 'c2', rows: 'all', detail: [], host: false },
    ]);
  });

  it('drops hosts that show nothing and compares equal regardless of order', () => {
    assert.deepEqual(mergeInterests([{ connection: 'c1', rows: [], detail: [], host: false }]), []);
    const a = mergeInterests([{ connection: 'c1', rows: [A, B], detail: [], host: false }]);
    const b = mergeInterests([{ connection: 'c1', rows: [B, A, B], detail: [], host: false }]);
    assert.equal(interestKey(a), interestKey(b));
  });

  it('keeps the contract’s limits: more rows than allowed become all, detail is capped', () => {
    const uuids = Array.from({ length: MAX_ROWS + 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const [m] = mergeInterests([{ connection: 'c1', rows: uuids, detail: uuids, host: false }]);
    assert.equal(m!.rows, 'all');
    assert.equal(m!.detail.length, MAX_DETAIL);
  });
});

describe('formatting live figures', () => {
  before(() => i18next.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } }));

  it('formats rates with binary prefixes per second', () => {
    assert.equal(formatRate(0, 'en'), '0 B/s');
    assert.equal(formatRate(512, 'en'), '512 B/s');
    assert.equal(formatRate(1536, 'en'), '1.5 KiB/s');
    assert.equal(formatRate(10 * 1024 * 1024, 'en'), '10 MiB/s');
    assert.equal(formatRate(3.25 * 1024 ** 3, 'en'), '3.3 GiB/s');
    assert.equal(formatRate(1536, 'de'), '1,5 KiB/s', 'in the locale’s number format');
    assert.equal(formatRate(-1, 'en'), '—', 'unknown');
    assert.equal(formatRate(Number.NaN, 'en'), '—');
  });

  it('formats percentages, sizes, counts and CPU time for the locale', () => {
    assert.equal(formatPercent(12.34, 'en'), '12%');
    assert.equal(formatPercent(1.25, 'en'), '1.3%');
    assert.equal(formatPercent(1.25, 'de'), '1,3\u00a0%');
    assert.equal(formatPercent(-1, 'en'), '—');
    assert.equal(formatKiBValue(65536, 'en'), '64 MiB');
    assert.equal(formatKiBValue(1536, 'en'), '1.5 MiB');
    assert.equal(formatCount(2.5, 'en'), '2.5');
    assert.equal(formatCount(12345, 'de'), '12.345');
    assert.equal(formatCpuTime(0, 'en'), '0:00:00');
    assert.equal(formatCpuTime(3725.9, 'en'), '1:02:05');
    assert.equal(formatCpuTime(-1, 'en'), '—');
  });

  it('puts graph ticks at binary steps', () => {
    assert.deepEqual(binarySplits(64 * 1024, 1024), [0, 16384, 32768, 49152, 65536], 'KiB: 0, 16, 32, 48, 64 MiB');
    assert.deepEqual(binarySplits(2048, 1), [0, 512, 1024, 1536, 2048]);
    assert.deepEqual(binarySplits(0, 1), [0]);
    for (const max of [1, 1000, 123456, 9.9e9]) {
      const s = binarySplits(max, 1);
      assert.ok(s.length >= 2 && s.length <= 9, `${max}: ${s.length} ticks`);
      assert.ok(s.at(-1)! <= max + 1e-9);
    }
  });
});

describe('list columns in the preferences', () => {
  it('shows known columns in the list’s order and keeps unknown ids when toggling', () => {
    assert.deepEqual(shownColumns(['network', 'cpu', 'future']), ['cpu', 'network']);
    assert.deepEqual(shownColumns(undefined), ['cpu']);
    assert.deepEqual(toggled(['cpu', 'future'], 'disk', true), ['cpu', 'future', 'disk']);
    assert.deepEqual(toggled(['cpu', 'future'], 'cpu', false), ['future']);
  });
});
