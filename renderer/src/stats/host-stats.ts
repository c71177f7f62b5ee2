// The live figures of one host as this window receives them, in typed arrays:
// - the latest figures of every VM in the ticks (a packed table, one slot per VM);
// - a short ring of CPU % per VM, for the list's sparklines;
// - long rings (every figure, up to 10 minutes) only for the VMs whose Performance page is
//   open, and for the host itself when its Performance page is open.
import { HOST_FIELDS, UNKNOWN, VM_FIELDS, type StatsHistory, type StatsTick, type VmDetailSample, type VmField } from '../../../electron/common/api/stats.js';
import { Ring } from './ring.js';

export const WIDTH = VM_FIELDS.length;
export const FIELD: Readonly<Record<VmField, number>> = Object.fromEntries(VM_FIELDS.map((f, i) => [f, i])) as Record<VmField, number>;
/** Samples kept per sparkline. */
export const SPARK_SAMPLES = 60;
/** 10 minutes at the fastest interval (500 ms), one spare. */
export const SERIES_CAPACITY = 1201;
/** The host's ring: its own figures and the sum of its running VMs' CPU as a share of the host. */
export const HOST_SERIES = HOST_FIELDS;
export const HOST_FIELD = { cpuPct: 0, memUsedKiB: 1, memTotalKiB: 2, vmCpuPct: 3 } as const;

/** Unknown figures are NaN in the rings (a gap in a graph); the wire's -1 never reaches a graph. */
const known = (v: number | undefined): number => (v === undefined || v === UNKNOWN || !Number.isFinite(v) ? Number.NaN : v);

export class HostStats {
  /** Time of the last tick (epoch ms), 0 before the first. */
  t = 0;
  intervalMs = 1000;
  readonly #slots = new Map<string, number>();
  #latest = new Float64Array(64 * WIDTH);
  #latestT = new Float64Array(64);
  readonly spark = new Map<string, Ring>();
  readonly series = new Map<string, Ring>();
  readonly detail = new Map<string, VmDetailSample>();
  host: Ring | null = null;
  /** The host's CPU count, from the last tick that carried the host. */
  hostCpus = 0;
  readonly #free: number[] = [];
  #next = 0;
  readonly #scratch = new Float64Array(HOST_SERIES.length);

  constructor(readonly connection: string) {}

  /** Unpacks one tick. */
  apply(tick: StatsTick): void {
    if (tick.t <= this.t) return; // late or repeated
    this.t = tick.t;
    this.intervalMs = tick.intervalMs;
    const { uuids, values } = tick;
    for (let i = 0; i < uuids.length; i++) {
      const uuid = uuids[i]!;
      const off = i * WIDTH;
      const slot = this.#slot(uuid);
      const base = slot * WIDTH;
      for (let f = 0; f < WIDTH; f++) this.#latest[base + f] = known(values[off + f]);
      this.#latestT[slot] = tick.t;
      let spark = this.spark.get(uuid);
      if (!spark) this.spark.set(uuid, (spark = new Ring(SPARK_SAMPLES, 1, true)));
      spark.push(tick.t, this.#latest, base + FIELD.cpuPct);
      const ring = this.series.get(uuid);
      if (ring && tick.t > ring.lastTime()) ring.push(tick.t, this.#latest, base);
    }
    for (const d of tick.detail ?? []) this.detail.set(d.uuid, d);
    if (tick.host && this.host) {
      const s = this.#scratch;
      s[HOST_FIELD.cpuPct] = known(tick.host.cpuPct);
      s[HOST_FIELD.memUsedKiB] = known(tick.host.memUsedKiB);
      s[HOST_FIELD.memTotalKiB] = known(tick.host.memTotalKiB);
      // The backend sums every running VM, whichever rows this window watches.
      s[HOST_FIELD.vmCpuPct] = known(tick.host.vmCpuPct);
      if (tick.t > this.host.lastTime()) this.host.push(tick.t, s);
    }
    if (tick.host) this.hostCpus = tick.host.cpus;
  }

  /** A VM's latest figure, NaN when unknown or when the last tick did not carry the VM. */
  value(uuid: string, field: number): number {
    const slot = this.#slots.get(uuid);
    if (slot === undefined || this.#latestT[slot] !== this.t) return Number.NaN;
    return this.#latest[slot * WIDTH + field]!;
  }

  /** Starts keeping every figure of a VM (its Performance page opened). */
  retain(uuid: string): Ring {
    let ring = this.series.get(uuid);
    if (!ring) this.series.set(uuid, (ring = new Ring(SERIES_CAPACITY, WIDTH)));
    return ring;
  }

  release(uuid: string): void {
    this.series.delete(uuid);
    this.detail.delete(uuid);
  }

  retainHost(): Ring {
    return (this.host ??= new Ring(SERIES_CAPACITY, HOST_SERIES.length));
  }

  releaseHost(): void {
    this.host = null;
  }

  /**
   * Fills a VM's ring (uuid) or the host's ring (null) with history from the backend, keeping
   * the samples that ticks appended meanwhile (they are newer than the history's).
   */
  seed(uuid: string | null, history: StatsHistory): void {
    const ring = uuid === null ? this.host : this.series.get(uuid);
    if (!ring) return;
    const names: readonly string[] = uuid === null ? HOST_SERIES : VM_FIELDS;
    const map = names.map((n) => history.fields.indexOf(n));
    const hw = history.fields.length;
    // Keep what ticks added, then rebuild: history first, then those.
    const keptT: number[] = [];
    const kept: number[] = [];
    for (let i = 0; i < ring.length; i++) {
      keptT.push(ring.time(i));
      for (let f = 0; f < ring.width; f++) kept.push(ring.value(i, f));
    }
    const firstKept = keptT.length ? keptT[0]! : Infinity;
    ring.clear();
    const row = new Float64Array(ring.width);
    for (let s = 0; s < history.times.length; s++) {
      const t = history.times[s]!;
      if (t >= firstKept) break;
      for (let f = 0; f < ring.width; f++) row[f] = map[f]! < 0 ? Number.NaN : known(history.values[s * hw + map[f]!]);
      ring.push(t, row);
    }
    for (let i = 0; i < keptT.length; i++) ring.push(keptT[i]!, kept, i * ring.width);
  }

  /** Forgets a VM (it was removed from the host). */
  forget(uuid: string): void {
    const slot = this.#slots.get(uuid);
    if (slot !== undefined) {
      this.#slots.delete(uuid);
      this.#latestT[slot] = 0;
      this.#free.push(slot);
    }
    this.spark.delete(uuid);
    this.release(uuid);
  }

  #slot(uuid: string): number {
    let slot = this.#slots.get(uuid);
    if (slot !== undefined) return slot;
    slot = this.#free.pop() ?? this.#next++;
    if (slot >= this.#latestT.length) {
      const latest = new Float64Array(this.#latest.length * 2);
      latest.set(this.#latest);
      this.#latest = latest;
      const latestT = new Float64Array(this.#latestT.length * 2);
      latestT.set(this.#latestT);
      this.#latestT = latestT;
    }
    this.#slots.set(uuid, slot);
    return slot;
  }
}
