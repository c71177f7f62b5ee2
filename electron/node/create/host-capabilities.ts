// What a host offers a new VM, read from libvirt's capabilities XML (guest arches, machine
// types, KVM or not) and its domain capabilities (firmware, TPM, buses) for one
// arch/machine/virt type: the facts virt-install's defaults are decided from.
import * as libvirt from 'virtdeck/native';
import type { HostCapabilities } from '../../common/api/hosts.js';
import type { VirtType } from '../../common/api/vm-create.js';
import { list, obj, str, xmlParser, type XmlNode } from '../domains/domain-xml.js';

const REPEATED = new Set(['guest', 'machine', 'domain', 'enum', 'value', 'loader']);

const parser = xmlParser((name) => REPEATED.has(name));

export interface GuestArch {
  arch: string;
  /** Machine names and aliases (pc, q35 and the versioned ones). */
  machines: string[];
  /** The alias libvirt uses when none is given (usually `pc` on x86). */
  defaultMachine?: string;
  virtTypes: VirtType[];
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

const text = (v: unknown): string => str(v) ?? '';

/** The values of `<enum name=NAME>` under node. */
function enumValues(node: XmlNode, name: string): string[] {
  const e = list(node.enum).find((x) => str(x.name) === name);
  return e && Array.isArray(e.value) ? e.value.map(text).filter(Boolean) : [];
}

export function parseHostCaps(xml: string): HostCaps {
  const caps = obj(obj(parser.parse(xml)).capabilities);
  const hostArch = text(obj(obj(caps.host).cpu).arch);
  const byArch = new Map<string, GuestArch>();
  for (const g of list(caps.guest)) {
    if (text(g.os_type) !== 'hvm') continue;
    const a = obj(g.arch);
    const arch = str(a.name);
    if (!arch) continue;
    const machines: string[] = [];
    let defaultMachine: string | undefined;
    for (const m of Array.isArray(a.machine) ? a.machine : []) {
      const name = text(m);
      if (!name) continue;
      machines.push(name);
      // The alias with a canonical form (pc → pc-i440fx-7.2) is what libvirt picks by default.
      if (defaultMachine === undefined && typeof m === 'object' && str(obj(m).canonical)) defaultMachine = name;
    }
    const virtTypes = list(a.domain)
      .map((d) => str(d.type))
      .filter((t): t is VirtType => t === 'kvm' || t === 'qemu');
    const prior = byArch.get(arch);
    byArch.set(arch, {
      arch,
      machines: [...new Set([...(prior?.machines ?? []), ...machines])].sort(),
      ...(defaultMachine ?? prior?.defaultMachine ? { defaultMachine: defaultMachine ?? prior?.defaultMachine } : {}),
      virtTypes: [...new Set([...(prior?.virtTypes ?? []), ...virtTypes])],
    });
  }
  const arches = [...byArch.values()].sort((x, y) => (x.arch === hostArch ? -1 : y.arch === hostArch ? 1 : x.arch.localeCompare(y.arch)));
  return { hostArch, arches };
}

export function parseDomainCaps(xml: string): DomainCaps {
  const dc = obj(obj(parser.parse(xml)).domainCapabilities);
  const os = obj(dc.os);
  const devices = obj(dc.devices);
  const tpm = obj(devices.tpm);
  const tpmSupported = str(tpm.supported) === 'yes';
  // Firmware autoselection: libvirt lists `efi` among os/enum[firmware] when a descriptor for
  // this machine exists (never a path we guess; OVMF's location differs per distribution).
  const efi = str(os.supported) === 'yes' && enumValues(os, 'firmware').includes('efi');
  return {
    machine: text(Array.isArray(dc.machine) ? dc.machine[0] : dc.machine),
    efi,
    tpmEmulator: tpmSupported && enumValues(tpm, 'backendModel').includes('emulator'),
    tpmModels: tpmSupported ? enumValues(tpm, 'model') : [],
    diskBuses: enumValues(obj(devices.disk), 'bus'),
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
