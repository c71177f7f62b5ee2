// Samples one host: one bulk stats call per tick for every running VM (a small group set),
// detail only for the VMs whose Performance page is open, the host's own CPU and memory.
// Ticks are chained (the next starts after this one ends), so a slow host never has two calls
// in flight and never holds up another host's sampler.
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import { HOST_FIELDS, UNKNOWN, VM_FIELDS, VM_HISTORY_FIELDS, type HostSample, type StatsHistory, type StatsTick, type VmDetailSample } from '../../common/api/stats.js';
import type { Timers } from '../connections/manager.js';
import { busyPercent, memoryUsedKiB, readHostCpu, type CpuTimes } from './host-counters.js';
import type { HostInterest } from './interest-book.js';
import { SeriesRing } from './series-ring.js';
import { detailFigures, readCounters, readDetail, writeFigures, type DetailCounters, type HostFacts, type VmCounters } from './vm-counters.js';

const S = libvirt.DomainStatsTypes;
export const LIST_GROUPS = S.STATE | S.CPU_TOTAL | S.BALLOON | S.BLOCK | S.INTERFACE;
const DETAIL_GROUPS = S.VCPU | S.BLOCK | S.INTERFACE;
const ACTIVE = libvirt.ConnectGetAllDomainStatsFlags.ACTIVE;
const HISTORY_SECONDS = 600;
const HISTORY_INDEX = VM_HISTORY_FIELDS.map((f) => VM_FIELDS.indexOf(f));
const WIDTH = VM_FIELDS.length;
const HOST_INDEX = HOST_FIELDS.map((_, i) => i);

export interface SamplerOptions {
  connection: ConnectionId;
  conn: libvirt.Connection;
  timers: Timers;
  intervalMs: () => number;
  interest: () => HostInterest | undefined;
  /** The VM's vCPU count, from the VM list (the list-level stats leave VCPU out). */
  vcpusOf: (uuid: string) => number | undefined;
  emit: (tick: StatsTick) => void;
  /** Sampling failed (message) or works again (null); called on changes only. */
  failing: (message: string | null) => void;
}

// Two decimals are more than any graph shows, and keep the message small.
const round2 = (v: number) => (v === UNKNOWN ? UNKNOWN : Math.round(v * 100) / 100);

export class ConnectionSampler {
  readonly #prev = new Map<string, VmCounters>();
  readonly #detailPrev = new Map<string, DetailCounters>();
  readonly #rings = new Map<string, SeriesRing>();
  #hostRing: SeriesRing | undefined;
  #hostCpu: CpuTimes | undefined;
  #perCpu: (CpuTimes | undefined)[] = [];
  #facts: HostFacts | undefined;
  #timer: unknown;
  #running = false;
  #busy = false;
  #failure: string | undefined;
  #row = new Float64Array(WIDTH);

  constructor(private readonly o: SamplerOptions) {}

  get running(): boolean {
    return this.#running;
  }

  /** Why the last tick failed, while it keeps failing. */
  get failure(): string | undefined {
    return this.#failure;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (!this.#busy) this.#schedule(0);
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  history(uuid: string | null, seconds: number): StatsHistory {
    const ring = uuid === null ? this.#hostRing : this.#rings.get(uuid);
    const fields = uuid === null ? HOST_FIELDS : VM_HISTORY_FIELDS;
    return ring ? ring.read(this.o.timers.now() - seconds * 1000) : { times: [], fields, values: [] };
  }

  /** One tick now (the timer's work; tests and benchmarks call it directly). */
  async sample(): Promise<void> {
    const { conn, timers } = this.o;
    const interest = this.o.interest();
    try {
      const facts: HostFacts = this.#facts ?? (await conn.getInfo().then((i) => ({ cpus: i.cpus, memTotalKiB: i.memory })));
      this.#facts = facts;
      // Some drivers (the test driver, some remote hypervisors) have no host CPU or memory
      // counters: the VMs are sampled all the same, and the host's figures stay unknown.
      const [records, hostCpu, hostMem] = await Promise.all([
        conn.getAllDomainStats(LIST_GROUPS, ACTIVE),
        readHostCpu(conn, facts.cpus, interest?.host ?? false).catch(() => ({ perCpu: [] })),
        conn.getMemoryStats(-1).catch(() => ({})),
      ]);
      const t = timers.now();
      const capacity = Math.ceil((HISTORY_SECONDS * 1000) / this.o.intervalMs());

      const wanted = interest?.rows;
      const uuids: string[] = [];
      const values: number[] = [];
      const seen = new Set<string>();
      const row = this.#row;
      let vmCpu = 0;
      let vmCpuKnown = false;
      for (const r of records) {
        const uuid = r.uuid;
        seen.add(uuid);
        const cur = readCounters(t, r.stats);
        writeFigures(row, 0, this.#prev.get(uuid), cur, this.o.vcpusOf(uuid), facts);
        this.#prev.set(uuid, cur);
        if (row[1]! !== UNKNOWN) {
          vmCpu += row[1]!;
          vmCpuKnown = true;
        }
        let ring = this.#rings.get(uuid);
        if (!ring || ring.capacity !== capacity) this.#rings.set(uuid, (ring = new SeriesRing(VM_HISTORY_FIELDS, capacity)));
        ring.push(t, row, HISTORY_INDEX);
        if (wanted === 'all' || wanted?.has(uuid)) {
          uuids.push(uuid);
          for (let f = 0; f < WIDTH; f++) values.push(round2(row[f]!));
        }
      }
      // Watched VMs that are not running have no figures: they still get a row, all unknown.
      if (wanted && wanted !== 'all') {
        for (const uuid of wanted) {
          if (seen.has(uuid)) continue;
          uuids.push(uuid);
          for (let f = 0; f < WIDTH; f++) values.push(UNKNOWN);
        }
      }
      for (const uuid of this.#prev.keys()) if (!seen.has(uuid)) this.#prev.delete(uuid);
      // A stopped VM keeps its last minutes on screen until they are older than the window.
      for (const [uuid, ring] of this.#rings) if (!seen.has(uuid) && ring.newest <= t - HISTORY_SECONDS * 1000) this.#rings.delete(uuid);

      const host = this.#host(t, capacity, facts, hostCpu, hostMem, vmCpuKnown || records.length === 0 ? vmCpu : UNKNOWN);
      const detail = interest && interest.detail.size > 0 ? await this.#detail(records, interest.detail) : [];
      if (this.#failure !== undefined) {
        this.#failure = undefined;
        this.o.failing(null);
      }
      if (interest) {
        this.o.emit({
          connection: this.o.connection,
          t,
          intervalMs: this.o.intervalMs(),
          uuids,
          values,
          ...(interest.host ? { host } : {}),
          ...(detail.length ? { detail } : {}),
        });
      }
    } catch (err) {
      if (this.#failure === undefined) {
        this.#failure = err instanceof Error ? err.message : String(err);
        this.o.failing(this.#failure);
      }
    }
  }

  #host(t: number, capacity: number, facts: HostFacts, cpu: Awaited<ReturnType<typeof readHostCpu>>, mem: Record<string, bigint>, vmCpuPct: number): HostSample {
    const cpuPct = busyPercent(this.#hostCpu, cpu.total);
    this.#hostCpu = cpu.total;
    const perCpuPct = cpu.perCpu.map((c, i) => busyPercent(this.#perCpu[i], c));
    // Per-CPU readings are taken only while someone looks; stale ones would give one long average.
    this.#perCpu = cpu.perCpu;
    const m = memoryUsedKiB(mem);
    const sample: HostSample = {
      cpuPct: round2(cpuPct),
      vmCpuPct: round2(vmCpuPct),
      perCpuPct: perCpuPct.map(round2),
      memUsedKiB: m?.used ?? UNKNOWN,
      memTotalKiB: m?.total ?? facts.memTotalKiB,
      cpus: facts.cpus,
    };
    if (!this.#hostRing || this.#hostRing.capacity !== capacity) this.#hostRing = new SeriesRing(HOST_FIELDS, capacity);
    this.#hostRing.push(t, [sample.cpuPct, sample.memUsedKiB, sample.memTotalKiB, sample.vmCpuPct], HOST_INDEX);
    return sample;
  }

  async #detail(records: libvirt.DomainStatsRecord[], want: Set<string>): Promise<VmDetailSample[]> {
    const doms = records.filter((r) => want.has(r.uuid)).map((r) => r.domain);
    if (doms.length === 0) return [];
    const detail = await this.o.conn.domainListGetStats(doms, DETAIL_GROUPS);
    const t = this.o.timers.now();
    const out: VmDetailSample[] = [];
    for (const r of detail) {
      const cur = readDetail(t, r.stats);
      const fig = detailFigures(r.uuid, this.#detailPrev.get(r.uuid), cur);
      this.#detailPrev.set(r.uuid, cur);
      out.push({
        uuid: fig.uuid,
        vcpuPct: fig.vcpuPct.map(round2),
        disks: fig.disks.map((d) => ({ name: d.name, rdBps: round2(d.rdBps), wrBps: round2(d.wrBps), rdIops: round2(d.rdIops), wrIops: round2(d.wrIops) })),
        nics: fig.nics.map((n) => ({ name: n.name, rxBps: round2(n.rxBps), txBps: round2(n.txBps), rxPps: round2(n.rxPps), txPps: round2(n.txPps) })),
      });
    }
    for (const uuid of this.#detailPrev.keys()) if (!want.has(uuid)) this.#detailPrev.delete(uuid);
    return out;
  }

  #schedule(delay: number): void {
    this.#timer = this.o.timers.setTimeout(() => {
      this.#timer = undefined;
      if (!this.#running) return;
      this.#busy = true;
      const started = this.o.timers.now();
      void this.sample().finally(() => {
        this.#busy = false;
        if (this.#running) this.#schedule(Math.max(0, this.o.intervalMs() - (this.o.timers.now() - started)));
      });
    }, delay);
  }
}
