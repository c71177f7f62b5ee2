// virt-install's defaults, decided from the OS and the host: arch, machine, KVM or TCG,
// firmware and TPM, and the warnings the user should see before anything is created.
import type { VirtType, VmCreateSpec } from '../../common/api/vm-create.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { preferredVirtType, type DomainCaps, type HostCaps } from './host-capabilities.js';
import type { OsProfile } from './os-profile.js';

export interface MachinePlan {
  arch: string;
  machine: string;
  virtType: VirtType;
  /** The `<domain type>` when it is not the virt type: 'test' on libvirt's test driver. */
  domainType?: 'test';
}

export interface FirmwarePlan {
  firmware: 'bios' | 'efi';
  tpm: boolean;
  warnings: string[];
}

const X86 = new Set(['x86_64', 'i686']);

export function planMachine(spec: Pick<VmCreateSpec, 'arch' | 'machine' | 'virtType'>, os: OsProfile, host: HostCaps): MachinePlan {
  const arch = spec.arch ?? host.hostArch;
  const guest = host.arches.find((a) => a.arch === arch);
  if (!guest) throw new ApiError('invalid-input', msg('create.noArch', { arch, arches: host.arches.map((a) => a.arch).join(', ') }));
  const virtType = spec.virtType ?? preferredVirtType(guest);
  // The test driver emulates every VM itself: whichever virt type was asked, it is a test domain.
  const domainType = !guest.virtTypes.includes(virtType) && guest.testDriver ? ('test' as const) : undefined;
  if (!guest.virtTypes.includes(virtType) && !domainType) {
    throw new ApiError('invalid-input', msg('create.noVirtType', { virt: virtType === 'kvm' ? 'KVM' : 'QEMU (TCG)', arch }));
  }
  let machine = spec.machine;
  if (machine === undefined) {
    // q35 (PCIe, SATA, secure boot) for every x86 OS that supports it, as virt-install does.
    machine = X86.has(arch) && os.devices.q35 && guest.machines.includes('q35') ? 'q35' : (guest.defaultMachine ?? guest.machines[0] ?? 'pc');
  } else if (!guest.machines.includes(machine)) {
    throw new ApiError('invalid-input', msg('create.noMachine', { machine, arch }));
  }
  return { arch, machine, virtType, ...(domainType ? { domainType } : {}) };
}

export function planFirmware(os: OsProfile, caps: DomainCaps): FirmwarePlan {
  const warnings: string[] = [];
  let firmware: 'bios' | 'efi' = 'bios';
  if (os.efiRequired) {
    if (caps.efi) firmware = 'efi';
    else
      warnings.push(`${os.name} needs UEFI firmware, which this host does not offer for this machine type: install the host's OVMF (edk2) package, or the install will not boot.`);
  }
  // A TPM goes with UEFI when the host can emulate one; an OS that requires it is told otherwise.
  const tpm = caps.tpmEmulator && (firmware === 'efi' || os.tpmRequired);
  if (os.tpmRequired && !caps.tpmEmulator) warnings.push(`${os.name} needs a TPM, which this host cannot emulate: install swtpm on the host.`);
  return { firmware, tpm, warnings };
}

/** Memory and CPU warnings: below the OS's minimum, above what the host has. */
export function resourceWarnings(spec: Pick<VmCreateSpec, 'memoryMiB' | 'vcpus'>, os: OsProfile, host: { memoryMiB: number; cpus: number }): string[] {
  const w: string[] = [];
  if (os.minimum.memoryMiB && spec.memoryMiB < os.minimum.memoryMiB) w.push(`${os.name} needs at least ${os.minimum.memoryMiB} MiB of memory.`);
  if (spec.memoryMiB > host.memoryMiB) w.push(`The host has only ${host.memoryMiB} MiB of memory.`);
  if (spec.vcpus > host.cpus) w.push(`The host has only ${host.cpus} CPUs; more virtual CPUs slow the VM down.`);
  return w;
}
