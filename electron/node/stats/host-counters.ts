// The host's CPU and memory, from virNodeGetCPUStats / virNodeGetMemoryStats.
import type * as libvirt from 'virtdeck/native';
import { UNKNOWN } from '../../common/api/stats.js';

export interface CpuTimes {
  busy: bigint;
  all: bigint;
}

export function cpuTimes(s: Record<string, bigint>): CpuTimes | undefined {
  const { kernel, user, idle, iowait } = s;
  if (kernel === undefined || user === undefined || idle === undefined) return undefined;
  const busy = kernel + user;
  return { busy, all: busy + idle + (iowait ?? 0n) };
}

export function busyPercent(prev: CpuTimes | undefined, cur: CpuTimes | undefined): number {
  if (!prev || !cur || cur.all <= prev.all || cur.busy < prev.busy) return UNKNOWN;
  return Math.min(100, (Number(cur.busy - prev.busy) / Number(cur.all - prev.all)) * 100);
}

/** Used memory in KiB as `free` counts it: not free, not buffers, not page cache. */
export function memoryUsedKiB(s: Record<string, bigint>): { used: number; total: number } | undefined {
  const { total, free, buffers, cached } = s;
  if (total === undefined || free === undefined) return undefined;
  return { used: Number(total - free - (buffers ?? 0n) - (cached ?? 0n)), total: Number(total) };
}

export async function readHostCpu(conn: libvirt.Connection, cpus: number, perCpu: boolean): Promise<{ total?: CpuTimes; perCpu: (CpuTimes | undefined)[] }> {
  const [total, ...each] = await Promise.all([conn.getCPUStats(-1), ...(perCpu ? Array.from({ length: cpus }, (_, i) => conn.getCPUStats(i)) : [])]);
  const t = cpuTimes(total);
  return { ...(t ? { total: t } : {}), perCpu: each.map(cpuTimes) };
}
