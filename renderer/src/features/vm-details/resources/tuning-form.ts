// The Resources tab's form as plain data: libvirt's resource controls (domains.tuning) as the
// fields a user edits, in a user's units (% of a host CPU, MiB, MiB/s), their problems, and back
// to the sections domains.setTuning writes. Only the sections the user changed are sent, so the
// others stay as they are in the definition. No DOM and no React: unit-tested.
import type { TuningRead, VmTuning } from '../../../../../electron/common/api/domain-tuning.js';
import type { FieldProblem } from '../../../components/form/form-state.js';

/** libvirt's default CFS period, µs: a limit of N % is a quota of N % of it. */
export const DEFAULT_PERIOD_US = 100_000;
const MIB = 1024 * 1024;

/** One disk's limits: MiB/s and IOPS as typed ('' = no limit). */
export interface DiskRow {
  target: string;
  readBytes: string;
  writeBytes: string;
  totalBytes: string;
  readIops: string;
  writeIops: string;
  totalIops: string;
}
export const DISK_FIELDS = ['readBytes', 'writeBytes', 'totalBytes', 'readIops', 'writeIops', 'totalIops'] as const;
export type DiskField = (typeof DISK_FIELDS)[number];

/** One NIC's bandwidth: averages and peaks in KiB/s, bursts in KiB ('' = none). */
export interface NicRow {
  mac: string;
  inAverage: string;
  inPeak: string;
  inBurst: string;
  outAverage: string;
  outPeak: string;
  outBurst: string;
}
export const NIC_FIELDS = ['inAverage', 'inPeak', 'inBurst', 'outAverage', 'outPeak', 'outBurst'] as const;
export type NicField = (typeof NIC_FIELDS)[number];

export interface TuningValues {
  /** CPU shares (`cpu_shares`); '' = the host's default. */
  shares: string;
  /** CPU limit in % of one host CPU, per vCPU (`vcpu_quota` / `vcpu_period`); '' = none. */
  cpuLimit: string;
  /** Memory limits in MiB ('' = none). */
  hardLimit: string;
  softLimit: string;
  swapLimit: string;
  /** Memory reservation (`min_guarantee`) in MiB ('' = none). */
  minGuarantee: string;
  /** Disk I/O shares (`blkio weight`, 100–1000); '' = the default. */
  blkioWeight: string;
  disks: DiskRow[];
  nics: NicRow[];
  vcpuPin: boolean[][];
  emulatorPin: boolean[];
  numaMode: string;
  numaNodeset: string;
}

const str = (n: number | null | undefined): string => (n === null || n === undefined || n === 0 ? '' : String(n));
/** A byte count as MiB, to at most 2 decimals. */
const mib = (bytes: number | null | undefined): string => (bytes ? String(Math.round((bytes / MIB) * 100) / 100) : '');
const kibAsMib = (kib: number | null | undefined): string => (kib ? String(Math.round((kib / 1024) * 100) / 100) : '');

/** The CPU limit in %, from quota and period. */
export function limitPercent(quotaUs: number | null | undefined, periodUs: number | undefined): string {
  if (!quotaUs) return '';
  return String(Math.round((quotaUs / (periodUs ?? DEFAULT_PERIOD_US)) * 1000) / 10);
}

/** The fields for a tuning read: the definition's values (what Apply changes). */
export function valuesOf(t: VmTuning, hostCpus: number): TuningValues {
  const all = () => Array.from({ length: hostCpus }, () => true);
  return {
    shares: str(t.cpu?.shares),
    cpuLimit: limitPercent(t.cpu?.quotaUs, t.cpu?.periodUs),
    hardLimit: kibAsMib(t.memory?.hardLimitKiB),
    softLimit: kibAsMib(t.memory?.softLimitKiB),
    swapLimit: kibAsMib(t.memory?.swapHardLimitKiB),
    minGuarantee: kibAsMib(t.memory?.minGuaranteeKiB),
    blkioWeight: str(t.blkioWeight),
    disks: (t.disks ?? []).map((d) => ({
      target: d.target,
      readBytes: mib(d.readBytesSec),
      writeBytes: mib(d.writeBytesSec),
      totalBytes: mib(d.totalBytesSec),
      readIops: str(d.readIopsSec),
      writeIops: str(d.writeIopsSec),
      totalIops: str(d.totalIopsSec),
    })),
    nics: (t.interfaces ?? []).map((i) => ({
      mac: i.mac,
      inAverage: str(i.inboundAverage),
      inPeak: str(i.inboundPeak),
      inBurst: str(i.inboundBurst),
      outAverage: str(i.outboundAverage),
      outPeak: str(i.outboundPeak),
      outBurst: str(i.outboundBurst),
    })),
    vcpuPin: (t.vcpuPin ?? []).map((row) => Array.from({ length: hostCpus }, (_, i) => row[i] ?? false)),
    emulatorPin: t.emulatorPin ? Array.from({ length: hostCpus }, (_, i) => t.emulatorPin![i] ?? false) : all(),
    numaMode: t.numa?.mode ?? 'strict',
    numaNodeset: t.numa?.nodeset ?? '',
  };
}

/** A number as typed, or NaN when it is not one (empty is handled by the callers). */
function parse(s: string): number {
  const v = s.trim();
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
}

/** Checks a typed amount: '' is fine (none); else a number in [min, max], whole when asked. */
export function amountProblem(s: string, min: number, max: number, whole = true): FieldProblem | null {
  if (s.trim() === '') return null;
  const n = parse(s);
  if (Number.isNaN(n) || (whole && !Number.isInteger(n)) || n < min || n > max) return { key: whole ? 'form.integerBetween' : 'details2.res.numberBetween', params: { min, max } };
  return null;
}

const MAX_MIB = 2 ** 40;
const MAX_RATE = 2 ** 32;

/** A disk row's problems by field: a total excludes read and write of the same kind (libvirt's rule). */
export function diskProblems(d: DiskRow): Partial<Record<DiskField, FieldProblem>> {
  const out: Partial<Record<DiskField, FieldProblem>> = {};
  for (const f of DISK_FIELDS) {
    const p = f.endsWith('Bytes') ? amountProblem(d[f], 0.01, MAX_RATE, false) : amountProblem(d[f], 1, MAX_RATE);
    if (p) out[f] = p;
  }
  for (const kind of ['Bytes', 'Iops'] as const) {
    const total = d[`total${kind}`].trim() !== '';
    if (total && !out[`total${kind}`] && (d[`read${kind}`].trim() !== '' || d[`write${kind}`].trim() !== '')) out[`total${kind}`] = { key: 'details2.res.totalOrReadWrite' };
  }
  return out;
}

/** A NIC row's problems by field: a peak or burst needs an average. */
export function nicProblems(n: NicRow): Partial<Record<NicField, FieldProblem>> {
  const out: Partial<Record<NicField, FieldProblem>> = {};
  for (const f of NIC_FIELDS) {
    const p = amountProblem(n[f], 1, MAX_RATE);
    if (p) out[f] = p;
  }
  for (const dir of ['in', 'out'] as const) {
    if (n[`${dir}Average`].trim() === '' && (n[`${dir}Peak`].trim() !== '' || n[`${dir}Burst`].trim() !== '')) out[`${dir}Average`] = { key: 'details2.res.averageNeeded' };
  }
  return out;
}

/** Every problem of the form, by field; `base` is what the definition has (a value set there cannot be emptied). */
export function tuningProblems(v: TuningValues, base: TuningValues): Partial<Record<keyof TuningValues, FieldProblem>> {
  const out: Partial<Record<keyof TuningValues, FieldProblem>> = {};
  const put = (k: keyof TuningValues, p: FieldProblem | null) => {
    if (p) out[k] = p;
  };
  put('shares', v.shares.trim() === '' && base.shares !== '' ? { key: 'form.required' } : amountProblem(v.shares, 2, 262_144));
  put('cpuLimit', amountProblem(v.cpuLimit, 1, 100, false));
  for (const k of ['hardLimit', 'softLimit', 'swapLimit', 'minGuarantee'] as const) put(k, amountProblem(v[k], 1, MAX_MIB));
  if (!out.swapLimit && !out.hardLimit && v.swapLimit.trim() !== '' && v.hardLimit.trim() !== '' && parse(v.swapLimit) < parse(v.hardLimit)) {
    out.swapLimit = { key: 'details2.res.swapUnderHard' };
  }
  put('blkioWeight', amountProblem(v.blkioWeight, 100, 1000));
  if (v.disks.some((d) => Object.keys(diskProblems(d)).length)) out.disks = { key: 'details2.res.rowProblems' };
  if (v.nics.some((n) => Object.keys(nicProblems(n)).length)) out.nics = { key: 'details2.res.rowProblems' };
  const vcpuEmpty = v.vcpuPin.findIndex((row) => !row.some(Boolean));
  if (vcpuEmpty >= 0) out.vcpuPin = { key: 'details2.res.pinNone', params: { vcpu: vcpuEmpty } };
  if (!v.emulatorPin.some(Boolean)) out.emulatorPin = { key: 'details2.res.pinNoneEmulator' };
  if ((v.numaMode !== base.numaMode || v.numaNodeset !== base.numaNodeset) && !/^\^?\d+(-\d+)?(,\^?\d+(-\d+)?)*$/.test(v.numaNodeset.trim())) {
    out.numaNodeset = { key: 'details2.res.nodeset' };
  }
  return out;
}

const none = (s: string): number | null => (s.trim() === '' ? null : parse(s));
const mibToKib = (s: string): number | null => {
  const n = none(s);
  return n === null ? null : Math.round(n * 1024);
};
const zero = (s: string): number => (s.trim() === '' ? 0 : parse(s));

/**
 * The sections to write for the fields the user changed (`changed` holds only those), with
 * `periodUs` the definition's CFS period. Within a changed section every field is sent, as
 * libvirt sets a section's parameters together.
 */
export function toTuning(changed: Partial<TuningValues>, v: TuningValues, base: TuningValues, periodUs: number | undefined): VmTuning {
  const out: VmTuning = {};
  if ('shares' in changed || 'cpuLimit' in changed) {
    const cpu: NonNullable<VmTuning['cpu']> = {};
    if (v.shares.trim() !== '') cpu.shares = parse(v.shares);
    if ('cpuLimit' in changed) {
      const pct = none(v.cpuLimit);
      if (pct === null) cpu.quotaUs = null;
      else {
        // A quota under libvirt's 1 ms minimum (a short period): the default period instead.
        let period = periodUs ?? DEFAULT_PERIOD_US;
        if ((pct / 100) * period < 1000) period = DEFAULT_PERIOD_US;
        cpu.periodUs = period;
        cpu.quotaUs = Math.round((pct / 100) * period);
      }
    }
    out.cpu = cpu;
  }
  if ('hardLimit' in changed || 'softLimit' in changed || 'swapLimit' in changed || 'minGuarantee' in changed) {
    const memory: NonNullable<VmTuning['memory']> = {};
    // Only the changed limits: an unchanged reservation QEMU lacks is never sent.
    if ('hardLimit' in changed) memory.hardLimitKiB = mibToKib(v.hardLimit);
    if ('softLimit' in changed) memory.softLimitKiB = mibToKib(v.softLimit);
    if ('swapLimit' in changed) memory.swapHardLimitKiB = mibToKib(v.swapLimit);
    if ('minGuarantee' in changed) memory.minGuaranteeKiB = mibToKib(v.minGuarantee);
    out.memory = memory;
  }
  if ('blkioWeight' in changed) out.blkioWeight = zero(v.blkioWeight);
  if ('disks' in changed) {
    const rows = v.disks.filter((d, i) => JSON.stringify(d) !== JSON.stringify(base.disks[i]));
    out.disks = rows.map((d) => ({
      target: d.target,
      readBytesSec: Math.round(zero(d.readBytes) * MIB),
      writeBytesSec: Math.round(zero(d.writeBytes) * MIB),
      totalBytesSec: Math.round(zero(d.totalBytes) * MIB),
      readIopsSec: zero(d.readIops),
      writeIopsSec: zero(d.writeIops),
      totalIopsSec: zero(d.totalIops),
    }));
  }
  if ('nics' in changed) {
    const rows = v.nics.filter((n, i) => JSON.stringify(n) !== JSON.stringify(base.nics[i]));
    out.interfaces = rows.map((n) => ({
      mac: n.mac,
      inboundAverage: zero(n.inAverage),
      inboundPeak: zero(n.inPeak),
      inboundBurst: zero(n.inBurst),
      outboundAverage: zero(n.outAverage),
      outboundPeak: zero(n.outPeak),
      outboundBurst: zero(n.outBurst),
    }));
  }
  if ('vcpuPin' in changed) out.vcpuPin = v.vcpuPin;
  if ('emulatorPin' in changed) out.emulatorPin = v.emulatorPin;
  if ('numaMode' in changed || 'numaNodeset' in changed) out.numa = { mode: v.numaMode as NonNullable<VmTuning['numa']>['mode'], nodeset: v.numaNodeset.trim() };
  return out;
}

/** Whether the host's driver offers the memory reservation: it reported min_guarantee (QEMU does not). */
export function hasReservation(t: TuningRead): boolean {
  return !t.unsupported.includes('memory') && (t.config.memory?.minGuaranteeKiB !== undefined || t.live?.memory?.minGuaranteeKiB !== undefined);
}
