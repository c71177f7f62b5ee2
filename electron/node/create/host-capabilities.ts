// What a host offers a new VM, read from libvirt's capabilities XML (guest arches, machine
// types, KVM or not) and its domain capabilities (firmware, TPM, buses) for one
// arch/machine/virt type: the facts virt-install's defaults are decided from.
import * as libvirt from 'virtdeck/native';
import type { HostCapabilities } from '../../common/api/hosts.js';
import type { VirtType } from '../../common/api/vm-create.js';
import { Capabilities } from '../xml/capabilities.js';
import { DomainCapabilities } from '../xml/domain-capabilities.js';

export interface GuestArch {
  arch: string;
  /** Machine names and aliases (pc, q35 and the versioned ones). */
  machines: string[];
  /** The alias libvirt uses when none is given (usually `pc` on x86). */
  defaultMachine?: string;
  virtTypes: VirtType[];
  /**
   * libvirt's test driver: its guests are `<domain type='test'>`, emulated by libvirt itself
   * whatever virt type is asked for (it runs nothing), so New VM defines them with that type.
   */
  testDriver?: true;
}

export interface HostCaps {
  hostArch: string;
  arches: GuestArch[];
}

/** Facts from the domain capabilities of one arch/machine/virt type. */
export interface DomainCaps {
  /** The versioned machine libvirt resolved (e.g. pc-q35-7.2). */
  machine: string;
  /** `<os firmware='efi'>` can be used: libvirt has a UEFI firmware descriptor. */
  efi: boolean;
  /** A TPM with the swtpm emulator backend. */
  tpmEmulator: boolean;
  tpmModels: string[];
  diskBuses: string[];
}

export function parseHostCaps(xml: string): HostCaps {
  const caps = Capabilities.parse(xml);
  const hostArch = caps.cpuArch ?? '';
  const byArch = new Map<string, GuestArch>();
  for (const g of caps.guests) {
    if (g.osType !== 'hvm') continue;
    const arch = g.arch;
    if (!arch) continue;
    const entries = g.machineEntries.filter((m) => m.name);
    const machines = entries.map((m) => m.name);
    // The alias with a canonical form (pc → pc-i440fx-7.2) is what libvirt picks by default.
    const defaultMachine = entries.find((m) => m.canonical)?.name;
    const virtTypes = g.domains.map((d) => d.type).filter((t): t is VirtType => t === 'kvm' || t === 'qemu');
    const testDriver = g.domains.some((d) => d.type === 'test');
    const prior = byArch.get(arch);
    byArch.set(arch, {
      arch,
      machines: [...new Set([...(prior?.machines ?? []), ...machines])].sort(),
      ...((defaultMachine ?? prior?.defaultMachine) ? { defaultMachine: defaultMachine ?? prior?.defaultMachine } : {}),
      virtTypes: [...new Set([...(prior?.virtTypes ?? []), ...virtTypes])],
      ...(testDriver || prior?.testDriver ? { testDriver: true as const } : {}),
    });
  }
  const arches = [...byArch.values()].sort((x, y) => (x.arch === hostArch ? -1 : y.arch === hostArch ? 1 : x.arch.localeCompare(y.arch)));
  return { hostArch, arches };
}

export function parseDomainCaps(xml: string): DomainCaps {
  const dc = DomainCapabilities.parse(xml);
  const tpmSupported = dc.deviceSupported('tpm');
  return {
    machine: dc.machine ?? '',
    // Firmware autoselection: libvirt lists `efi` among os/enum[firmware] when a descriptor for
    // this machine exists (never a path we guess; OVMF's location differs per distribution).
    efi: dc.efi,
    tpmEmulator: tpmSupported && dc.deviceEnum('tpm', 'backendModel').includes('emulator'),
    tpmModels: tpmSupported ? dc.deviceEnum('tpm', 'model') : [],
    diskBuses: dc.deviceEnum('disk', 'bus'),
  };
}

/** The virt type a new VM gets: KVM where the host has it, else TCG. */
export function preferredVirtType(arch: GuestArch | undefined): VirtType {
  return arch?.virtTypes.includes('kvm') ? 'kvm' : 'qemu';
}

export function toCreateCapabilities(
  host: HostCaps,
  dom: DomainCaps,
  facts: { memoryMiB: number; cpus: number; session: boolean; remote: boolean; virtType: VirtType },
): HostCapabilities {
  return {
    arches: host.arches.map((a) => ({ arch: a.arch, machines: a.machines, virtTypes: a.virtTypes, ...(a.defaultMachine ? { defaultMachine: a.defaultMachine } : {}) })),
    hostArch: host.hostArch,
    virtType: facts.virtType,
    efi: dom.efi,
    tpm: dom.tpmEmulator,
    hostMemoryMiB: facts.memoryMiB,
    hostCpus: facts.cpus,
    session: facts.session,
    remote: facts.remote,
  };
}

/**
 * The domain capabilities of one arch/machine/virt type, or, where the driver has none (the
 * test driver and other drivers without virConnectGetDomainCapabilities), what the host's
 * capabilities tell: the machine as asked (or the arch's default), no UEFI, no TPM. The wizard
 * then offers what the host has instead of failing at its first step.
 */
export async function readDomainCaps(conn: libvirt.Connection, host: HostCaps, arch: string, machine: string | null, virtType: VirtType): Promise<DomainCaps> {
  try {
    return parseDomainCaps(await conn.getDomainCapabilities(null, arch, machine, virtType));
  } catch (err) {
    if (!(err instanceof libvirt.LibvirtError) || err.code !== libvirt.ErrorNumber.NO_SUPPORT) throw err;
    const guest = host.arches.find((a) => a.arch === arch);
    return { machine: machine ?? guest?.defaultMachine ?? guest?.machines[0] ?? '', efi: false, tpmEmulator: false, tpmModels: [], diskBuses: [] };
  }
}

/**
 * The host's memory in KiB: node memory stats' total (MemTotal, what the host graph shows).
 * virNodeGetInfo's figure is not the host's total (here 9 of 24 GiB); it is used only by drivers
 * without node memory stats (the test driver).
 */
export async function hostMemoryKiB(conn: libvirt.Connection, info: { memory: number }): Promise<number> {
  const stats: Record<string, bigint> = await conn.getMemoryStats(-1, 0).catch(() => ({}));
  const total = stats['total'];
  return total !== undefined && total > 0n ? Number(total) : info.memory;
}
