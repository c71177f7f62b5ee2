// Live resource figures. One bulk libvirt call per host per tick feeds every window; a window
// says what it shows (stats.watch) and receives one compact `stats.tick` per host and tick:
// the figures of the watched VMs packed row by row, not an object per VM.
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, uuid, type ConnectionId } from './refs.js';

/** The figures of one VM in a tick, in this order (StatsTick.values, stats.history). */
export const VM_FIELDS = [
  /** CPU use as a share of the VM's own vCPUs (100 = all of them busy). */
  'cpuPct',
  /** CPU use as a share of the whole host. */
  'cpuHostPct',
  /** Memory the VM has (balloon current), KiB. */
  'memKiB',
  /** memKiB as a share of the host's memory. */
  'memPct',
  /** Guest-reported memory, KiB (-1 without a balloon driver in the guest). */
  'memUnusedKiB',
  'memAvailableKiB',
  /** Resident memory of the QEMU process, KiB. */
  'rssKiB',
  'diskRdBps',
  'diskWrBps',
  'diskRdIops',
  'diskWrIops',
  'netRxBps',
  'netTxBps',
  'netRxPps',
  'netTxPps',
  /** CPU time used since the VM started, seconds. */
  'cpuTimeSec',
] as const;
export type VmField = (typeof VM_FIELDS)[number];

/** The host's figures kept for 10 minutes; vmCpuPct is the sum of its running VMs' cpuHostPct. */
export const HOST_FIELDS = ['cpuPct', 'memUsedKiB', 'memTotalKiB', 'vmCpuPct'] as const;
export type HostField = (typeof HOST_FIELDS)[number];

/** Marks a figure that is not known (VM not running, first sample, counter reset, not reported). */
export const UNKNOWN = -1;

export interface HostSample {
  cpuPct: number;
  /** The running VMs' share of the host's CPU (sum of their cpuHostPct). */
  vmCpuPct: number;
  /** Per host CPU, in the host's order. */
  perCpuPct: number[];
  memUsedKiB: number;
  memTotalKiB: number;
  cpus: number;
}

/** Detail for a VM whose Performance page is open: per vCPU, disk and NIC. */
export interface VmDetailSample {
  uuid: string;
  /** Per vCPU, % of one host CPU. */
  vcpuPct: number[];
  disks: { name: string; rdBps: number; wrBps: number; rdIops: number; wrIops: number }[];
  nics: { name: string; rxBps: number; txBps: number; rxPps: number; txPps: number }[];
}

export interface StatsTick {
  connection: ConnectionId;
  /** Sample time, epoch ms. */
  t: number;
  intervalMs: number;
  /** The VMs of `values`, in order: the union of what the windows watch. */
  uuids: string[];
  /** uuids.length × VM_FIELDS.length numbers, VM by VM; UNKNOWN where not known. */
  values: number[];
  /** When a window watches the host. */
  host?: HostSample;
  detail?: VmDetailSample[];
}

/** What one window shows of one host. */
export const statsInterest = z.strictObject({
  connection: connectionId,
  /** VMs whose figures the window shows (list rows on screen), or every VM (Top view). */
  rows: z.union([z.literal('all'), z.array(uuid).max(500)]),
  /** VMs whose Performance page is open: these get per vCPU / disk / NIC detail. */
  detail: z.array(uuid).max(16),
  /** The host's Performance page is open. */
  host: z.boolean(),
});
export type StatsInterest = z.infer<typeof statsInterest>;

/** The figures kept for the last 10 minutes of every running VM (a subset of VM_FIELDS). */
export const VM_HISTORY_FIELDS = ['cpuPct', 'cpuHostPct', 'memKiB', 'memAvailableKiB', 'memUnusedKiB', 'diskRdBps', 'diskWrBps', 'netRxBps', 'netTxBps'] as const;

/** Samples at tick resolution, oldest first. */
export interface StatsHistory {
  /** Sample times, epoch ms. */
  times: number[];
  fields: readonly string[];
  /** times.length × fields.length numbers, sample by sample; UNKNOWN where not known. */
  values: number[];
}

export const statsApi = defineNamespace({
  /**
   * Declares what a window shows (replacing its last declaration). It lapses after
   * `leaseMs` unless declared again; an empty list, or a hidden window, ends it. Hosts nobody
   * watches are not sampled.
   */
  watch: method({
    params: z.strictObject({ watcher: z.string().min(8).max(64), interests: z.array(statsInterest).max(100) }),
    result: returns<{ leaseMs: number; failing: { connection: ConnectionId; message: string }[] }>(),
  }),
  /** The last minutes of a VM (uuid) or of the host (uuid null), at tick resolution; empty before sampling started. */
  history: method({
    params: z.strictObject({ connection: connectionId, uuid: uuid.nullable(), seconds: z.number().int().min(1).max(600) }),
    result: returns<StatsHistory>(),
  }),
});
