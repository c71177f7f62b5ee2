// Live resource figures. One bulk libvirt call per host per tick feeds every window; a window
// says what it shows (stats.watch) and receives one compact `stats.tick` per host and tick:
// the figures of the watched VMs packed row by row, not an object per VM.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId, uuid } from './refs.js';

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

/** A figure, or UNKNOWN (-1). */
const figure = z.number().min(UNKNOWN);

export const hostSample = z.strictObject({
  cpuPct: figure,
  /** The running VMs' share of the host's CPU (sum of their cpuHostPct). */
  vmCpuPct: figure,
  /** Per host CPU, in the host's order. */
  perCpuPct: z.array(figure),
  memUsedKiB: figure,
  memTotalKiB: figure,
  cpus: z.number().int().min(0),
});
export type HostSample = z.infer<typeof hostSample>;

/** Detail for a VM whose Performance page is open: per vCPU, disk and NIC. */
export const vmDetailSample = z.strictObject({
  uuid: z.string(),
  /** Per vCPU, % of one host CPU. */
  vcpuPct: z.array(figure),
  disks: z.array(z.strictObject({ name: z.string(), rdBps: figure, wrBps: figure, rdIops: figure, wrIops: figure })),
  nics: z.array(z.strictObject({ name: z.string(), rxBps: figure, txBps: figure, rxPps: figure, txPps: figure })),
});
export type VmDetailSample = z.infer<typeof vmDetailSample>;

export const statsTick = z
  .strictObject({
    connection: connectionId,
    /** Sample time, epoch ms. */
    t: z.number(),
    intervalMs: z.number().min(0),
    /** The VMs of `values`, in order: the union of what the windows watch. */
    uuids: z.array(z.string()),
    /** uuids.length × VM_FIELDS.length numbers, VM by VM; UNKNOWN where not known. */
    values: z.array(figure),
    /** When a window watches the host. */
    host: hostSample.optional(),
    detail: z.array(vmDetailSample).optional(),
  })
  .refine((t) => t.values.length === t.uuids.length * VM_FIELDS.length, 'values holds VM_FIELDS.length numbers per VM of uuids');
export type StatsTick = z.infer<typeof statsTick>;

/** Sampling a host started failing (message) or works again (null); said once, not per tick. */
export const statsFailing = z.strictObject({ connection: connectionId, message: z.string().nullable() });
export type StatsFailing = z.infer<typeof statsFailing>;

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
export const statsHistory = z
  .strictObject({
    /** Sample times, epoch ms. */
    times: z.array(z.number()),
    fields: z.array(z.string()).readonly(),
    /** times.length × fields.length numbers, sample by sample; UNKNOWN where not known. */
    values: z.array(figure),
  })
  .refine((h) => h.values.length === h.times.length * h.fields.length, 'values holds fields.length numbers per time');
export type StatsHistory = z.infer<typeof statsHistory>;

export const statsApi = defineNamespace({
  /**
   * Declares what a window shows (replacing its last declaration). It lapses after
   * `leaseMs` unless declared again; an empty list, or a hidden window, ends it. Hosts nobody
   * watches are not sampled.
   */
  watch: method({
    params: z.strictObject({ watcher: z.string().min(8).max(64), interests: z.array(statsInterest).max(100) }),
    result: z.strictObject({ leaseMs: z.number().int().min(0), failing: z.array(z.strictObject({ connection: connectionId, message: z.string() })) }),
  }),
  /** The last minutes of a VM (uuid) or of the host (uuid null), at tick resolution; empty before sampling started. */
  history: method({
    params: z.strictObject({ connection: connectionId, uuid: uuid.nullable(), seconds: z.number().int().min(1).max(600) }),
    result: statsHistory,
  }),
});
