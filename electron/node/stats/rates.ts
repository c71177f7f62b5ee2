// Rates from libvirt's cumulative counters. Counters stay bigint until the delta (they are
// 64-bit: a busy disk's byte count passes 2^53 in time). A counter that went down (the VM
// restarted, a device was replaced) or a sample without its predecessor gives UNKNOWN for that
// tick, never a spike.
import { UNKNOWN } from '../../common/api/stats.js';

/** Per second, from two readings `seconds` apart; UNKNOWN when either is missing or it went down. */
export function perSecond(prev: bigint | undefined, cur: bigint | undefined, seconds: number): number {
  if (prev === undefined || cur === undefined || cur < prev || !(seconds > 0)) return UNKNOWN;
  return Number(cur - prev) / seconds;
}

/** CPU use in % of `cpus` CPUs, from cumulative CPU time in nanoseconds. */
export function cpuPercent(prevNs: bigint | undefined, curNs: bigint | undefined, seconds: number, cpus: number): number {
  const ns = perSecond(prevNs, curNs, seconds);
  if (ns === UNKNOWN || !(cpus > 0)) return UNKNOWN;
  // A guest can briefly exceed its share (accounting granularity): never show more than all of it.
  return Math.min(100, (ns / 1e9 / cpus) * 100);
}

/** A typed parameter as bigint (libvirt's counters arrive as bigint; some drivers send numbers). */
export function big(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}
