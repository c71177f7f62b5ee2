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

/** What the CPU editor offers: modes and named models, and whether guests can run their own VMs. */
export const hostCpu = z.strictObject({
  /** CPU modes libvirt supports here (host-passthrough, host-model, maximum, custom). */
  modes: z.array(z.string()),
  /** Named models (custom mode), with whether this host can run each. */
  models: z.array(z.strictObject({ name: z.string(), usable: z.boolean() })),
  /** What host-model expands to on this host. */
  hostModel: z.string().optional(),
  /**
   * Nested virtualization: whether the host's kvm module lets guests run KVM themselves
   * (`/sys/module/kvm_intel|kvm_amd/parameters/nested`). `unknown` on another machine, where
   * Virtdeck cannot read the host's files; `no-kvm` where the host has no KVM module loaded;
   * `unsupported` where KVM comes from a module without a nested switch (e.g. kvm_pvm).
   */
  nested: z.strictObject({ state: z.enum(['on', 'off', 'unknown', 'no-kvm', 'unsupported']), module: z.string().optional() }),
});
export type HostCpu = z.infer<typeof hostCpu>;

export const hostDeviceKind = z.enum(['pci', 'usb', 'scsi', 'net', 'storage']);

/** A host device (node device): PCI and USB ones a VM can be given, and the host's disks, SCSI devices and NICs. */
export const hostDevice = z.strictObject({
  /** libvirt's name (pci_0000_00_1f_2, usb_1_2, block_sda, net_eth0_…). */
  name: z.string(),
  kind: hostDeviceKind,
  /** PCI: 0000:00:1f.2; USB: bus:device; SCSI: host:bus:target:lun; net: the interface; storage: the block device. */
  address: z.string(),
  /** net: link state; storage: size in bytes; scsi: its type (disk, cdrom…). */
  link: z.enum(['up', 'down']).optional(),
  sizeBytes: z.number().optional(),
  scsiType: z.string().optional(),
  /** PCI and USB: the VMs of this connection whose definitions pass it through. */
  usedBy: z.array(z.strictObject({ uuid: z.string(), name: z.string() })).optional(),
  vendor: z.string().optional(),
  product: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  /** The host driver bound to it (vfio-pci when it is ready to pass through). */
  driver: z.string().optional(),
  /** PCI: the IOMMU group and the other devices in it (passing one through takes the whole group). */
  iommuGroup: z.number().int().optional(),
  groupPeers: z.array(z.string()).optional(),
});
export type HostDevice = z.infer<typeof hostDevice>;

const messageRef = z.strictObject({ messageId: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

/** One check of a host's fitness for VMs: what was checked, the outcome and, where not a pass, what to do. */
export const hostCheck = z.strictObject({
  id: z.string(),
  result: z.enum(['pass', 'warn', 'fail']),
  what: messageRef,
  detail: messageRef.optional(),
});
export type HostCheck = z.infer<typeof hostCheck>;

/** What a host is: for its overview page. */
export const hostOverview = z.strictObject({
  hostname: z.string(),
  /** libvirt's driver (QEMU) and versions. */
  driver: z.string(),
  hypervisorVersion: z.string(),
  libvirtVersion: z.string(),
  cpu: z.strictObject({
    model: z.string(),
    arch: z.string(),
    cpus: z.number().int(),
    sockets: z.number().int(),
    cores: z.number().int(),
    threads: z.number().int(),
    mhz: z.number(),
  }),
  /** KiB: the host's total and free memory, and what running VMs were given. */
  memory: z.strictObject({ totalKiB: z.number(), freeKiB: z.number(), vmsKiB: z.number() }),
  numaCells: z.array(z.strictObject({ id: z.number().int(), memoryKiB: z.number().optional(), cpus: z.array(z.string()) })),
  runningVms: z.number().int(),
});
export type HostOverview = z.infer<typeof hostOverview>;

export const hostsApi = defineNamespace({
  /**
   * What the host offers a new VM: architectures, machine types, KVM or TCG, UEFI and TPM,
   * host memory and CPUs (for an arch/machine/virt type other than the default, when given).
   */
  capabilities: method({
    params: z.strictObject({ connection: connectionId, arch: z.string().max(32).optional(), machine: z.string().max(64).optional(), virtType: virtType.optional() }),
    result: hostCapabilities,
  }),
  /** CPU modes and models for the CPU editor, and the nested virtualization state. */
  cpu: method({
    params: z.strictObject({ connection: connectionId, arch: z.string().max(32).optional(), machine: z.string().max(64).optional(), virtType: virtType.optional() }),
    result: hostCpu,
  }),
  /** What the host is: name, versions, CPU, memory (and what running VMs use), NUMA cells. */
  overview: method({ params: z.strictObject({ connection: connectionId }), result: hostOverview }),
  /**
   * Whether the host runs VMs well, after virt-host-validate (the tool itself on this machine;
   * on remote hosts what libvirt's capabilities tell, said as such), plus UEFI, swtpm, virtiofs,
   * IOMMU and nested virtualization.
   */
  validate: method({ params: z.strictObject({ connection: connectionId }), result: z.array(hostCheck) }),
  /**
   * Starts and stops a throwaway KVM VM: whether KVM that libvirt advertises starts guests here.
   * Where it does not, New VM on this host defaults to TCG (qemu) from then on.
   */
  probeKvm: method({ params: z.strictObject({ connection: connectionId }), result: z.strictObject({ works: z.boolean(), detail: z.string().optional() }) }),
  /** The host's devices of one kind (node devices): PCI and USB for passthrough (with the VMs using each), SCSI, disks, NICs. */
  devices: method({ params: z.strictObject({ connection: connectionId, kind: hostDeviceKind }), result: z.array(hostDevice) }),
});
