// One VM's cumulative counters from a bulk stats record, and the figures (VM_FIELDS) two
// such readings give. Disk and network are summed over devices for the list; the detail
// (per vCPU, disk, NIC) is read the same way for the VMs whose Performance page is open.
import * as libvirt from 'virtdeck/native';
import { UNKNOWN, VM_FIELDS, type VmDetailSample } from '../../common/api/stats.js';
import { big, cpuPercent, num, perSecond } from './rates.js';

export interface VmCounters {
  t: number;
  /** Running, blocked or paused: a VM with counters. A restart resets them (see rates.ts). */
  running: boolean;
  cpuNs?: bigint;
  memKiB?: number;
  unusedKiB?: number;
  availableKiB?: number;
  rssKiB?: number;
  rdBytes?: bigint;
  wrBytes?: bigint;
  rdReqs?: bigint;
  wrReqs?: bigint;
  rxBytes?: bigint;
  txBytes?: bigint;
  rxPkts?: bigint;
  txPkts?: bigint;
}

const RUNNING = new Set<number>([libvirt.DomainState.RUNNING, libvirt.DomainState.BLOCKED, libvirt.DomainState.PAUSED]);

function sum(stats: libvirt.TypedParams, group: 'block' | 'net', key: string): bigint | undefined {
  const n = num(stats[`${group}.count`]);
  if (n === undefined) return undefined;
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const v = big(stats[`${group}.${i}.${key}`]);
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

export function readCounters(t: number, s: libvirt.TypedParams): VmCounters {
  const state = num(s['state.state']);
  const c: VmCounters = { t, running: state !== undefined && RUNNING.has(state) };
  const set = <K extends keyof VmCounters>(k: K, v: VmCounters[K] | undefined) => {
    if (v !== undefined) c[k] = v;
  };
  set('cpuNs', big(s['cpu.time']));
  set('memKiB', num(s['balloon.current']));
  set('unusedKiB', num(s['balloon.unused']));
  set('availableKiB', num(s['balloon.available']));
  set('rssKiB', num(s['balloon.rss']));
  set('rdBytes', sum(s, 'block', 'rd.bytes'));
  set('wrBytes', sum(s, 'block', 'wr.bytes'));
  set('rdReqs', sum(s, 'block', 'rd.reqs'));
  set('wrReqs', sum(s, 'block', 'wr.reqs'));
  set('rxBytes', sum(s, 'net', 'rx.bytes'));
  set('txBytes', sum(s, 'net', 'tx.bytes'));
  set('rxPkts', sum(s, 'net', 'rx.pkts'));
  set('txPkts', sum(s, 'net', 'tx.pkts'));
  return c;
}

export interface HostFacts {
  cpus: number;
  memTotalKiB: number;
}

/** Writes the VM_FIELDS of `cur` (against `prev`, the reading before) into `out` at `at`. */
export function writeFigures(out: Float64Array, at: number, prev: VmCounters | undefined, cur: VmCounters, vcpus: number | undefined, host: HostFacts): void {
  // Rates need two readings of the same run of the VM.
  const p = prev && prev.running && cur.running ? prev : undefined;
  const dt = p ? (cur.t - p.t) / 1000 : 0;
  const known = (v: number | undefined) => (cur.running && v !== undefined ? v : UNKNOWN);
  const figures: Record<(typeof VM_FIELDS)[number], number> = {
    cpuPct: vcpus ? cpuPercent(p?.cpuNs, cur.cpuNs, dt, vcpus) : UNKNOWN,
    cpuHostPct: cpuPercent(p?.cpuNs, cur.cpuNs, dt, host.cpus),
    memKiB: known(cur.memKiB),
    memPct: cur.running && cur.memKiB !== undefined && host.memTotalKiB > 0 ? (cur.memKiB / host.memTotalKiB) * 100 : UNKNOWN,
    memUnusedKiB: known(cur.unusedKiB),
    memAvailableKiB: known(cur.availableKiB),
    rssKiB: known(cur.rssKiB),
    diskRdBps: perSecond(p?.rdBytes, cur.rdBytes, dt),
    diskWrBps: perSecond(p?.wrBytes, cur.wrBytes, dt),
    diskRdIops: perSecond(p?.rdReqs, cur.rdReqs, dt),
    diskWrIops: perSecond(p?.wrReqs, cur.wrReqs, dt),
    netRxBps: perSecond(p?.rxBytes, cur.rxBytes, dt),
    netTxBps: perSecond(p?.txBytes, cur.txBytes, dt),
    netRxPps: perSecond(p?.rxPkts, cur.rxPkts, dt),
    netTxPps: perSecond(p?.txPkts, cur.txPkts, dt),
    cpuTimeSec: cur.running && cur.cpuNs !== undefined ? Number(cur.cpuNs) / 1e9 : UNKNOWN,
  };
  for (let f = 0; f < VM_FIELDS.length; f++) out[at + f] = figures[VM_FIELDS[f]!];
}

/** Per vCPU, disk and NIC counters of a detail record (VCPU | BLOCK | INTERFACE). */
export interface DetailCounters {
  t: number;
  vcpuNs: (bigint | undefined)[];
  disks: Map<string, { rd: bigint | undefined; wr: bigint | undefined; rdReqs: bigint | undefined; wrReqs: bigint | undefined }>;
  nics: Map<string, { rx: bigint | undefined; tx: bigint | undefined; rxPkts: bigint | undefined; txPkts: bigint | undefined }>;
}

export function readDetail(t: number, s: libvirt.TypedParams): DetailCounters {
  const vcpus = num(s['vcpu.current']) ?? 0;
  const d: DetailCounters = { t, vcpuNs: [], disks: new Map(), nics: new Map() };
  for (let i = 0; i < vcpus; i++) d.vcpuNs.push(big(s[`vcpu.${i}.time`]));
  for (let i = 0; i < (num(s['block.count']) ?? 0); i++) {
    const name = s[`block.${i}.name`];
    if (typeof name !== 'string') continue;
    d.disks.set(name, { rd: big(s[`block.${i}.rd.bytes`]), wr: big(s[`block.${i}.wr.bytes`]), rdReqs: big(s[`block.${i}.rd.reqs`]), wrReqs: big(s[`block.${i}.wr.reqs`]) });
  }
  for (let i = 0; i < (num(s['net.count']) ?? 0); i++) {
    const name = s[`net.${i}.name`];
    if (typeof name !== 'string') continue;
    d.nics.set(name, { rx: big(s[`net.${i}.rx.bytes`]), tx: big(s[`net.${i}.tx.bytes`]), rxPkts: big(s[`net.${i}.rx.pkts`]), txPkts: big(s[`net.${i}.tx.pkts`]) });
  }
  return d;
}

export function detailFigures(uuid: string, prev: DetailCounters | undefined, cur: DetailCounters): VmDetailSample {
  const dt = prev ? (cur.t - prev.t) / 1000 : 0;
  return {
    uuid,
    vcpuPct: cur.vcpuNs.map((ns, i) => cpuPercent(prev?.vcpuNs[i], ns, dt, 1)),
    disks: [...cur.disks].map(([name, c]) => {
      const p = prev?.disks.get(name);
      return { name, rdBps: perSecond(p?.rd, c.rd, dt), wrBps: perSecond(p?.wr, c.wr, dt), rdIops: perSecond(p?.rdReqs, c.rdReqs, dt), wrIops: perSecond(p?.wrReqs, c.wrReqs, dt) };
    }),
    nics: [...cur.nics].map(([name, c]) => {
      const p = prev?.nics.get(name);
      return { name, rxBps: perSecond(p?.rx, c.rx, dt), txBps: perSecond(p?.tx, c.tx, dt), rxPps: perSecond(p?.rxPkts, c.rxPkts, dt), txPps: perSecond(p?.txPkts, c.txPkts, dt) };
    }),
  };
}
