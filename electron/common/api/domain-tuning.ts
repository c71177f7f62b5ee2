// A VM's resource controls: what it may take of the host (CPU shares and limits, pinning, memory
// limits, disk and network bandwidth). In the words of virtualization courses, shares say how
// contended resources are split, limits cap what a VM may use, and reservations guarantee a
// minimum; each field names libvirt's own parameter beside it. `domains.tuning` reads them,
// `domains.setTuning` writes them: live and persistent while the VM runs, where libvirt allows.
import { z } from 'zod';
import { domainRef } from './refs.js';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A limit in KiB, or null for none (libvirt's "unlimited"). */
const kibLimit = count.nullable();

export const cpuTuning = z.strictObject({
  /** Shares (`cpu_shares`, cgroup weight): how contended host CPU is split between VMs; 1024 is the default. */
  shares: z.number().int().min(2).max(262_144).optional(),
  /** Limit per vCPU (`vcpu_period`/`vcpu_quota`): quota µs of each period µs; null quota = no limit. */
  periodUs: z.number().int().min(1000).max(1_000_000).optional(),
  quotaUs: z.number().int().min(1000).max(17_592_186_044_415).nullable().optional(),
});

export const memoryTuning = z.strictObject({
  /** Limit (`hard_limit`): the most host memory the VM's QEMU may use, KiB. */
  hardLimitKiB: kibLimit.optional(),
  /** Soft limit (`soft_limit`): what it is pushed back to under host memory pressure, KiB. */
  softLimitKiB: kibLimit.optional(),
  /** Limit on memory plus swap (`swap_hard_limit`), KiB. */
  swapHardLimitKiB: kibLimit.optional(),
  /** Reservation (`min_guarantee`): memory guaranteed to the VM, KiB (not every hypervisor has it: QEMU has not). */
  minGuaranteeKiB: kibLimit.optional(),
});

export const diskTuning = z.strictObject({
  /** The disk's target (vda, sda). */
  target: z.string().regex(/^[a-z][a-z0-9]{1,15}$/),
  /** Limits (`iotune`): 0 = none. */
  totalBytesSec: count.optional(),
  readBytesSec: count.optional(),
  writeBytesSec: count.optional(),
  totalIopsSec: count.optional(),
  readIopsSec: count.optional(),
  writeIopsSec: count.optional(),
});

export const interfaceTuning = z.strictObject({
  /** The NIC, by MAC (what names it while the VM is off as well as on). */
  mac: z.string().regex(/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/),
  /** Bandwidth (`bandwidth`), KiB/s and KiB; 0 = none. */
  inboundAverage: count.optional(),
  inboundPeak: count.optional(),
  inboundBurst: count.optional(),
  outboundAverage: count.optional(),
  outboundPeak: count.optional(),
  outboundBurst: count.optional(),
});

export const vmTuning = z.strictObject({
  cpu: cpuTuning.optional(),
  memory: memoryTuning.optional(),
  /** Shares of disk I/O (`blkio weight`, 100–1000; 0 = the default). */
  blkioWeight: z.number().int().min(0).max(1000).optional(),
  disks: z.array(diskTuning).max(64).optional(),
  interfaces: z.array(interfaceTuning).max(64).optional(),
  /** Pinning: for each vCPU, the host CPUs it may run on. */
  vcpuPin: z.array(z.array(z.boolean()).max(4096)).max(4096).optional(),
  /** Pinning of QEMU's own threads (emulator). */
  emulatorPin: z.array(z.boolean()).max(4096).optional(),
  /** NUMA tuning: where the VM's memory comes from. */
  numa: z
    .strictObject({
      mode: z.enum(['strict', 'preferred', 'interleave', 'restrictive']),
      nodeset: z
        .string()
        .regex(/^[0-9,\-^]*$/)
        .max(256),
    })
    .optional(),
});
export type VmTuning = z.infer<typeof vmTuning>;

export const tuningRead = z.strictObject({
  /** The definition's etag: setTuning names it and is refused when the VM was changed elsewhere. */
  etag: z.string(),
  running: z.boolean(),
  /** As defined (persistent). */
  config: vmTuning,
  /** As the running VM has them (absent while it is off). */
  live: vmTuning.optional(),
  /** The host's CPUs (for the pinning grid) and NUMA nodes. */
  host: z.strictObject({ cpus: z.number().int(), numaNodes: z.array(z.number().int()) }),
  /** Sections this host's driver cannot read or set (`cpu`, `memory`, `blkioWeight`, …). */
  unsupported: z.array(z.string()),
});
export type TuningRead = z.infer<typeof tuningRead>;

export const setTuningParams = z.strictObject({ ref: domainRef, etag: z.string().regex(/^[0-9a-f]{64}$/), tuning: vmTuning });

export const tuningOutcome = z.strictObject({
  /** The section: `cpu`, `memory`, `blkioWeight`, `disks`, `interfaces`, `vcpuPin`, `emulatorPin`, `numa`. */
  part: z.string(),
  effect: z.enum(['now', 'next-boot', 'definition']),
  reason: z.strictObject({ messageId: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
});
export type TuningOutcome = z.infer<typeof tuningOutcome>;
