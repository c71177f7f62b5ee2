// A VM's resource controls through libvirt's own getters and setters (scheduler, memory, blkio,
// block I/O tune, interface bandwidth, pinning, NUMA). They change only their own elements of
// the definition, so what the user did not touch stays as it was. Writes name the definition's
// etag; each section goes live and persistent while the VM runs, persistent only where the
// running VM refuses it (said per section), and a section libvirt refuses outright rolls back
// the sections already written, so nothing is half-applied.
import * as libvirt from 'virtdeck/native';
import type { TuningOutcome, TuningRead, VmTuning } from '../../common/api/domain-tuning.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { Capabilities } from '../xml/capabilities.js';
import { Domain } from '../xml/domain.js';
import { readConfigForWrite, readConfigXml } from './config-xml.js';

const { LIVE, CONFIG } = libvirt.DomainModificationImpact;
/** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED: libvirt's "no limit" for memory parameters (KiB). */
const UNLIMITED = 9007199254740991;
const NUMA_MODES = ['strict', 'preferred', 'interleave', 'restrictive'] as const;

type Params = libvirt.TypedParams;
const num = (v: libvirt.TypedParamValue | undefined): number | undefined => (v === undefined ? undefined : Number(v));
const limit = (v: libvirt.TypedParamValue | undefined): number | null | undefined => {
  const n = num(v);
  return n === undefined ? undefined : n >= UNLIMITED ? null : n;
};
/** Drops undefined fields (the contract's objects are strict and exact). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

interface Section {
  name: string;
  read(dom: libvirt.Domain, flags: number, def: Domain): Promise<Partial<VmTuning>>;
  write(dom: libvirt.Domain, t: VmTuning, flags: number): Promise<void>;
}

const SECTIONS: Section[] = [
  {
    name: 'cpu',
    async read(dom, flags) {
      const p = await dom.schedulerParameters(flags);
      const quota = num(p['vcpu_quota']);
      // 0 is libvirt's "not set" in a definition: left out, as the contract has no such value.
      return {
        cpu: defined({
          shares: num(p['cpu_shares']) || undefined,
          periodUs: num(p['vcpu_period']) || undefined,
          quotaUs: quota === undefined ? undefined : quota <= 0 || quota >= 17_592_186_044_415 ? null : quota,
        }),
      };
    },
    async write(dom, t, flags) {
      if (!t.cpu) return;
      const p: libvirt.TypedParamsInput = {};
      if (t.cpu.shares !== undefined) p['cpu_shares'] = t.cpu.shares;
      if (t.cpu.periodUs !== undefined) p['vcpu_period'] = t.cpu.periodUs;
      if (t.cpu.quotaUs !== undefined) p['vcpu_quota'] = t.cpu.quotaUs ?? -1;
      if (Object.keys(p).length) await dom.setSchedulerParameters(p, flags);
    },
  },
  {
    name: 'memory',
    async read(dom, flags) {
      const p = await dom.memoryParameters(flags);
      return {
        memory: defined({
          hardLimitKiB: limit(p['hard_limit']),
          softLimitKiB: limit(p['soft_limit']),
          swapHardLimitKiB: limit(p['swap_hard_limit']),
          minGuaranteeKiB: limit(p['min_guarantee']),
        }),
      };
    },
    async write(dom, t, flags) {
      if (!t.memory) return;
      const p: libvirt.TypedParamsInput = {};
      const put = (name: string, v: number | null | undefined) => {
        if (v !== undefined) p[name] = v ?? UNLIMITED;
      };
      put('hard_limit', t.memory.hardLimitKiB);
      put('soft_limit', t.memory.softLimitKiB);
      put('swap_hard_limit', t.memory.swapHardLimitKiB);
      put('min_guarantee', t.memory.minGuaranteeKiB);
      if (Object.keys(p).length) await dom.setMemoryParameters(p, flags);
    },
  },
  {
    name: 'blkioWeight',
    async read(dom, flags) {
      return defined({ blkioWeight: num((await dom.blkioParameters(flags))['weight']) });
    },
    async write(dom, t, flags) {
      if (t.blkioWeight !== undefined) await dom.setBlkioParameters({ weight: t.blkioWeight }, flags);
    },
  },
  {
    name: 'disks',
    async read(dom, flags, def) {
      const targets = def
        .devices('disk')
        .filter((d) => d.device === undefined || d.device === 'disk')
        .map((d) => d.targetDev)
        .filter((t): t is string => t !== undefined);
      const disks = await Promise.all(
        targets.map(async (target) => {
          const p: Params = await dom.blockIoTune(target, flags);
          return defined({
            target,
            totalBytesSec: num(p['total_bytes_sec']),
            readBytesSec: num(p['read_bytes_sec']),
            writeBytesSec: num(p['write_bytes_sec']),
            totalIopsSec: num(p['total_iops_sec']),
            readIopsSec: num(p['read_iops_sec']),
            writeIopsSec: num(p['write_iops_sec']),
          });
        }),
      );
      return { disks };
    },
    async write(dom, t, flags) {
      for (const d of t.disks ?? []) {
        const p: libvirt.TypedParamsInput = {};
        const names: [keyof typeof d, string][] = [
          ['totalBytesSec', 'total_bytes_sec'],
          ['readBytesSec', 'read_bytes_sec'],
          ['writeBytesSec', 'write_bytes_sec'],
          ['totalIopsSec', 'total_iops_sec'],
          ['readIopsSec', 'read_iops_sec'],
          ['writeIopsSec', 'write_iops_sec'],
        ];
        for (const [field, name] of names) if (typeof d[field] === 'number') p[name] = d[field];
        if (Object.keys(p).length) await dom.setBlockIoTune(d.target, p, flags);
      }
    },
  },
  {
    name: 'interfaces',
    async read(dom, flags, def) {
      const macs = def
        .devices('interface')
        .map((i) => i.macAddress)
        .filter((m): m is string => m !== undefined);
      const interfaces = await Promise.all(
        macs.map(async (mac) => {
          const p = await dom.interfaceParameters(mac, flags);
          return defined({
            mac,
            inboundAverage: num(p['inbound.average']),
            inboundPeak: num(p['inbound.peak']),
            inboundBurst: num(p['inbound.burst']),
            outboundAverage: num(p['outbound.average']),
            outboundPeak: num(p['outbound.peak']),
            outboundBurst: num(p['outbound.burst']),
          });
        }),
      );
      return { interfaces };
    },
    async write(dom, t, flags) {
      for (const i of t.interfaces ?? []) {
        const p: libvirt.TypedParamsInput = {};
        for (const dir of ['inbound', 'outbound'] as const) {
          for (const what of ['Average', 'Peak', 'Burst'] as const) {
            const v = i[`${dir}${what}`];
            if (v !== undefined) p[`${dir}.${what.toLowerCase()}`] = v;
          }
        }
        if (Object.keys(p).length) await dom.setInterfaceParameters(i.mac, p, flags);
      }
    },
  },
  {
    name: 'vcpuPin',
    async read(dom, flags) {
      return { vcpuPin: await dom.vcpuPinInfo(flags) };
    },
    async write(dom, t, flags) {
      for (const [i, map] of (t.vcpuPin ?? []).entries()) await dom.pinVcpuFlags(i, map, flags);
    },
  },
  {
    name: 'emulatorPin',
    async read(dom, flags) {
      const pin = await dom.emulatorPinInfo(flags);
      return pin.length ? { emulatorPin: pin } : {};
    },
    async write(dom, t, flags) {
      if (t.emulatorPin) await dom.pinEmulator(t.emulatorPin, flags);
    },
  },
  {
    name: 'numa',
    async read(dom, flags) {
      const p = await dom.numaParameters(flags);
      const mode = NUMA_MODES[num(p['numa_mode']) ?? 0] ?? 'strict';
      return { numa: { mode, nodeset: String(p['numa_nodeset'] ?? '') } };
    },
    async write(dom, t, flags) {
      if (t.numa) await dom.setNumaParameters({ numa_mode: NUMA_MODES.indexOf(t.numa.mode), numa_nodeset: t.numa.nodeset }, flags);
    },
  },
];

/** Which sections a tuning object names (an absent section is left as it is). */
function named(t: VmTuning): Section[] {
  return SECTIONS.filter((s) => (t as Record<string, unknown>)[s.name] !== undefined);
}

async function readAll(dom: libvirt.Domain, flags: number, def: Domain, unsupported: Set<string>): Promise<VmTuning> {
  const parts = await Promise.all(
    SECTIONS.map((s) =>
      s.read(dom, flags, def).catch((err: unknown) => {
        if (!(err instanceof libvirt.LibvirtError)) throw err;
        unsupported.add(s.name);
        return {};
      }),
    ),
  );
  return Object.assign({}, ...parts) as VmTuning;
}

async function hostFacts(conn: libvirt.Connection): Promise<TuningRead['host']> {
  const info = await conn.getInfo();
  const cells = Capabilities.parse(await conn.getCapabilities()).numaCells;
  const ids = cells.map((c) => c.id).filter((id): id is number => id !== undefined);
  return { cpus: info.cpus, numaNodes: ids.length ? ids : [0] };
}

export async function readTuning(conn: libvirt.Connection, dom: libvirt.Domain, definition?: { xml: string; etag: string }): Promise<TuningRead & { persistent: boolean }> {
  const [{ xml, etag }, running, persistent, host] = await Promise.all([definition ?? readConfigXml(dom), dom.isActive(), dom.isPersistent(), hostFacts(conn)]);
  const def = Domain.parse(xml);
  const unsupported = new Set<string>();
  // A transient VM has no definition to read; its running values stand for both.
  const live = running ? await readAll(dom, LIVE, def, unsupported) : undefined;
  const config = persistent ? await readAll(dom, CONFIG, def, unsupported) : (live ?? {});
  return { etag, running, persistent, config, ...(live ? { live } : {}), host, unsupported: [...unsupported] };
}

/**
 * Writes the sections `tuning` names. Refused as `conflict` when the definition changed since
 * `etag`. Each section goes to the running VM (libvirt takes live and persistent as two calls)
 * and to the definition; a section libvirt refuses outright undoes the live ones already
 * written and restores the definition as it was read, then fails with libvirt's words.
 */
export async function setTuning(conn: libvirt.Connection, dom: libvirt.Domain, etag: string, tuning: VmTuning): Promise<{ etag: string; outcomes: TuningOutcome[] }> {
  const definition = await readConfigForWrite(dom);
  if (definition.etag !== etag) throw new ApiError('conflict', msg('config.conflict'));
  const originalXml = definition.xml;
  // The definition just read stands for the tuning's own read: one fetch, not two.
  const before = await readTuning(conn, dom, definition);
  const { persistent } = before;
  const outcomes: TuningOutcome[] = [];
  const liveDone: Section[] = [];
  let configTouched = false;
  try {
    for (const s of named(tuning)) {
      let refused: string | undefined;
      if (before.running) {
        try {
          await s.write(dom, tuning, LIVE);
          liveDone.push(s);
        } catch (err) {
          // The running VM refused it (no cgroup controller, no tc, …): persistent only.
          if (!(err instanceof libvirt.LibvirtError) || !persistent) throw err;
          refused = err.message;
        }
      }
      if (persistent) {
        configTouched = true;
        await s.write(dom, tuning, CONFIG);
      }
      outcomes.push(
        !before.running
          ? { part: s.name, effect: 'definition' }
          : refused === undefined
            ? { part: s.name, effect: 'now' }
            : { part: s.name, effect: 'next-boot', reason: { messageId: 'tune.why.liveRefused', params: { detail: refused } } },
      );
    }
  } catch (err) {
    for (const s of liveDone.reverse()) await s.write(dom, before.live ?? {}, LIVE).catch(() => undefined);
    if (configTouched) await conn.defineXML(originalXml).catch(() => undefined);
    if (err instanceof libvirt.LibvirtError) throw new ApiError('operation-failed', msg('tune.refused', { detail: err.message }), { libvirtCode: err.code });
    throw err;
  }
  return { etag: (await readConfigXml(dom)).etag, outcomes };
}
