// The `hosts` namespace: what a connection's host is and offers (capabilities, node facts,
// devices), independent of any one VM.
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId } from './refs.js';
import { virtType, type VirtType } from './vm-create.js';

/** What the host offers a new VM, from its capabilities and domain capabilities. */
export interface HostCapabilities {
  /** Guest architectures with their machine types (the host's own first). */
  arches: { arch: string; machines: string[]; defaultMachine?: string; virtTypes: VirtType[] }[];
  hostArch: string;
  /** kvm where /dev/kvm works; qemu (TCG, emulated and much slower) otherwise. */
  virtType: VirtType;
  /** UEFI firmware for the default arch/machine (libvirt picks the file from its firmware descriptors). */
  efi: boolean;
  /** A software TPM (swtpm) the VM can have. */
  tpm: boolean;
  hostMemoryMiB: number;
  hostCpus: number;
  /** qemu:///session and the like: no host networks, user-mode networking instead. */
  session: boolean;
  /** The connection reaches another machine (paths are on that machine). */
  remote: boolean;
}

export const hostsApi = defineNamespace({
  /**
   * What the host offers a new VM: architectures, machine types, KVM or TCG, UEFI and TPM,
   * host memory and CPUs (for an arch/machine/virt type other than the default, when given).
   */
  capabilities: method({
    params: z.strictObject({ connection: connectionId, arch: z.string().max(32).optional(), machine: z.string().max(64).optional(), virtType: virtType.optional() }),
    result: returns<HostCapabilities>(),
  }),
});
