// One VM's cumulative counters from a bulk stats record, and the figures (VM_FIELDS) two
// such readings give. Disk and network are summed over devices for the list; the detail
// (per vCPU, disk, NIC) is read the same way for the VMs whose Performance page is open.
import * as libvirt from 'virtdeck/native';
import { UNKNOWN, type VmDetailSample } from '../../common/api/stats.js';
import { big, cpuPercent, num, perSecond } from './rates.js';

// Every field is always present (undefined when not reported), so all readings share one
// shape: this runs for every VM at every tick.
export interface VmCounters {
  t: number;
  /** Running, blocked or paused: a VM with counters. A restart resets them (see rates.ts). */
  running: boolean;
  cpuNs: bigint | undefined;
  memKiB: number | undefined;
  unusedKiB: number | undefined;
  availableKiB: number | undefined;
  rssKiB: number | undefined;
  rdBytes: bigint | undefined;
  wrBytes: bigint | undefined;
  rdReqs: bigint | undefined;
  wrReqs: bigint | undefined;
  rxBytes: bigint | undefined;
  txBytes: bigint | undefined;
  rxPkts: bigint | undefined;
  txPkts: bigint | undefined;
}

const RUNNING = new Set<number>([libvirt.DomainState.RUNNING, libvirt.DomainState.BLOCKED, libvirt.DomainState.PAUSED]);

// The per-device key names, built once per device index instead of once per VM and tick.
const blockKeys: { rdBytes: string; wrBytes: string; rdReqs: string; wrReqs: string }[] = [];
const netKeys: { rxBytes: string; txBytes: string; rxPkts: string; txPkts: string }[] = [];
function blockKey(i: number) {
  return (blockKeys[i] ??= { rdBytes: `block.${i}.rd.bytes`, wrBytes: `block.${i}.wr.bytes`, rdReqs: `block.${i}.rd.reqs`, wrReqs: `block.${i}.wr.reqs` });
}
function netKey(i: number) {
  return (netKeys[i] ??= { rxBytes: `net.${i}.rx.bytes`, txBytes: `net.${i}.tx.bytes`, rxPkts: `net.${i}.rx.pkts`, txPkts: `net.${i}.tx.pkts` });
}

/** The sum of one counter over every device; undefined when a device does not report it. */
function total<K extends string>(s: libvirt.TypedParams, count: number, keys: (i: number) => Record<K, string>, key: K): bigint | undefined {
  let sum = 0n;
  for (let i = 0; i < count; i++) {
    const v = big(s[keys(i)[key]]);
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}

export function readCounters(t: number, s: libvirt.TypedParams): VmCounters {
  const state = num(s['state.state']);
  const c: VmCounters = {
    t,
    running: state !== undefined && RUNNING.has(state),
    cpuNs: big(s['cpu.time']),
    memKiB: num(s['balloon.current']),
    unusedKiB: num(s['balloon.unused']),
    availableKiB: num(s['balloon.available']),
    rssKiB: num(s['balloon.rss']),
    rdBytes: undefined,
    wrBytes: undefined,
    rdReqs: undefined,
    wrReqs: undefined,
    rxBytes: undefined,
    txBytes: undefined,
    rxPkts: undefined,
    txPkts: undefined,
  };
  const disks = num(s['block.count']);
  if (disks !== undefined) {
    c.rdBytes = total(s, disks, blockKey, 'rdBytes');
    c.wrBytes = total(s, disks, blockKey, 'wrBytes');
    c.rdReqs = total(s, disks, blockKey, 'rdReqs');
    c.wrReqs = total(s, disks, blockKey, 'wrReqs');
  }
  const nics = num(s['net.count']);
  if (nics !== undefined) {
    c.rxBytes = total(s, nics, netKey, 'rxBytes');
    c.txBytes = total(s, nics, netKey, 'txBytes');
    c.rxPkts = total(s, nics, netKey, 'rxPkts');
    c.txPkts = total(s, nics, netKey, 'txPkts');
  }
  return c;
}

export interface HostFacts {
  cpus: number;
  memTotalKiB: number;
}

/**
 * Writes the VM_FIELDS of `cur` (against `prev`, the reading before) into `out` from `at`, in
 * VM_FIELDS order (test/unit/stats-math.test.ts checks each by name).
 */
export function writeFigures(out: Float64Array, at: number, prev: VmCounters | undefined, cur: VmCounters, vcpus: number | undefined, host: HostFacts): void {
  // Rates need two readings of the same run of the VM.
  const p = prev !== undefined && prev.running && cur.running ? prev : undefined;
  const dt = p ? (cur.t - p.t) / 1000 : 0;
  const on = cur.running;
  out[at] = vcpus ? cpuPercent(p?.cpuNs, cur.cpuNs, dt, vcpus) : UNKNOWN; // cpuPct
  out[at + 1] = cpuPercent(p?.cpuNs, cur.cpuNs, dt, host.cpus); // cpuHostPct
  out[at + 2] = on && cur.memKiB !== undefined ? cur.memKiB : UNKNOWN; // memKiB
  out[at + 3] = on && cur.memKiB !== undefined && host.memTotalKiB > 0 ? (cur.memKiB / host.memTotalKiB) * 100 : UNKNOWN; // memPct
  out[at + 4] = on && cur.unusedKiB !== undefined ? cur.unusedKiB : UNKNOWN; // memUnusedKiB
  out[at + 5] = on && cur.availableKiB !== undefined ? cur.availableKiB : UNKNOWN; // memAvailableKiB
  out[at + 6] = on && cur.rssKiB !== undefined ? cur.rssKiB : UNKNOWN; // rssKiB
  out[at + 7] = perSecond(p?.rdBytes, cur.rdBytes, dt); // diskRdBps
  out[at + 8] = perSecond(p?.wrBytes, cur.wrBytes, dt); // diskWrBps
  out[at + 9] = perSecond(p?.rdReqs, cur.rdReqs, dt); // diskRdIops
  out[at + 10] = perSecond(p?.wrReqs, cur.wrReqs, dt); // diskWrIops
  out[at + 11] = perSecond(p?.rxBytes, cur.rxBytes, dt); // netRxBps
  out[at + 12] = perSecond(p?.txBytes, cur.txBytes, dt); // netTxBps
  out[at + 13] = perSecond(p?.rxPkts, cur.rxPkts, dt); // netRxPps
  out[at + 14] = perSecond(p?.txPkts, cur.txPkts, dt); // netTxPps
  out[at + 15] = on && cur.cpuNs !== undefined ? Number(cur.cpuNs) / 1e9 : UNKNOWN; // cpuTimeSec
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
