// The `hosts` namespace: what a connection's host is and offers (capabilities, node facts,
// devices), independent of any one VM.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId } from './refs.js';
import { virtType } from './vm-create.js';

/** What the host offers a new VM, from its capabilities and domain capabilities. */
export const hostCapabilities = z.strictObject({
  /** Guest architectures with their machine types (the host's own first). */
  arches: z.array(z.strictObject({ arch: z.string(), machines: z.array(z.string()), defaultMachine: z.string().optional(), virtTypes: z.array(virtType) })),
  hostArch: z.string(),
  /** kvm where /dev/kvm works; qemu (TCG, emulated and much slower) otherwise. */
  virtType,
  /** UEFI firmware for the default arch/machine (libvirt picks the file from its firmware descriptors). */
  efi: z.boolean(),
  /** A software TPM (swtpm) the VM can have. */
  tpm: z.boolean(),
  hostMemoryMiB: z.number().min(0),
  hostCpus: z.number().int().min(0),
  /** qemu:///session and the like: no host networks, user-mode networking instead. */
  session: z.boolean(),
  /** The connection reaches another machine (paths are on that machine). */
  remote: z.boolean(),
});
export type HostCapabilities = z.infer<typeof hostCapabilities>;

export const hostsApi = defineNamespace({
  /**
   * What the host offers a new VM: architectures, machine types, KVM or TCG, UEFI and TPM,
   * host memory and CPUs (for an arch/machine/virt type other than the default, when given).
   */
  capabilities: method({
    params: z.strictObject({ connection: connectionId, arch: z.string().max(32).optional(), machine: z.string().max(64).optional(), virtType: virtType.optional() }),
    result: hostCapabilities,
  }),
});
