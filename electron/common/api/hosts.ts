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

/** What the CPU editor offers: modes and named models, and whether guests can run their own VMs. */
export interface HostCpu {
  /** CPU modes libvirt supports here (host-passthrough, host-model, maximum, custom). */
  modes: string[];
  /** Named models (custom mode), with whether this host can run each. */
  models: { name: string; usable: boolean }[];
  /** What host-model expands to on this host. */
  hostModel?: string;
  /**
   * Nested virtualization: whether the host's kvm module lets guests run KVM themselves
   * (`/sys/module/kvm_intel|kvm_amd/parameters/nested`). `unknown` on another machine, where
   * Virtdeck cannot read the host's files; `no-kvm` where the host has no KVM module loaded.
   */
  nested: { state: 'on' | 'off' | 'unknown' | 'no-kvm'; module?: string };
}

/** A host PCI or USB device a VM can be given. */
export interface HostDevice {
  /** libvirt's name (pci_0000_00_1f_2, usb_1_2). */
  name: string;
  kind: 'pci' | 'usb';
  /** PCI: 0000:00:1f.2; USB: bus 1 device 2. */
  address: string;
  vendor?: string;
  product?: string;
  vendorId?: string;
  productId?: string;
  /** The host driver bound to it (vfio-pci when it is ready to pass through). */
  driver?: string;
  /** PCI: the IOMMU group and the other devices in it (passing one through takes the whole group). */
  iommuGroup?: number;
  groupPeers?: string[];
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
  /** CPU modes and models for the CPU editor, and the nested virtualization state. */
  cpu: method({
    params: z.strictObject({ connection: connectionId, arch: z.string().max(32).optional(), machine: z.string().max(64).optional(), virtType: virtType.optional() }),
    result: returns<HostCpu>(),
  }),
  /** The host's PCI or USB devices (node devices), for host device passthrough. */
  devices: method({ params: z.strictObject({ connection: connectionId, kind: z.enum(['pci', 'usb']) }), result: returns<HostDevice[]>() }),
});
