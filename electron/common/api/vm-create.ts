// The New VM wizard's side of the contract: what the host can do, what the user asked for,
// the XML that will be defined, and the progress of a create. Paths are paths on the VM's
// host (for a remote connection, on that host), never on the user's machine.
import type { ConnectionId } from './connections.js';
import type { DomainRef } from './domains.js';

export type VirtType = 'kvm' | 'qemu';

/** Where the guest is installed or booted from. */
export type InstallSource =
  /** An ISO image (a file or a pool's volume) attached as a CD-ROM, booted first. */
  | { kind: 'iso'; path: string }
  /** The host's optical drive. */
  | { kind: 'cdrom'; device: string }
  /** An install tree: its kernel and initrd (paths inside the tree, from the OS or given) boot with `url` as the install source. */
  | { kind: 'url'; url: string; kernel: string; initrd: string; cmdline?: string }
  /** An existing disk image becomes the VM's first disk; nothing is installed. */
  | { kind: 'import'; path: string }
  /** Boot from the network (PXE). */
  | { kind: 'pxe' }
  /** The host's kernel and initrd files, booted directly with a command line. */
  | { kind: 'kernel'; kernel: string; initrd?: string; cmdline?: string }
  /**
   * A cloud image (a volume in a pool) as the backing file of the new disk, a copy-on-write
   * qcow2 overlay; cloud-init configures the guest from a NoCloud seed ISO attached as a CD-ROM.
   */
  | {
      kind: 'cloud';
      baseImage: string;
      cloudInit: CloudInitSpec;
      /**
       * Detach the seed from the persistent definition and delete its volume once the VM first
       * stops (virt-install's behaviour). Default true.
       */
      removeSeed?: boolean;
    };

/** What cloud-init sets up in the guest. The password is hashed into user-data, kept nowhere else. */
export interface CloudInitSpec {
  user: string;
  password?: string;
  /** OpenSSH public key lines. */
  sshKeys?: string[];
  hostname?: string;
  /** More #cloud-config YAML, merged in. */
  extraYaml?: string;
}

export type SourceKind = InstallSource['kind'];

/** The VM's disk. */
export type StorageChoice =
  | { kind: 'none' }
  /** A new volume in a pool (created at Finish, deleted again if the create fails). */
  | { kind: 'new'; pool: string; sizeGiB: number; format: 'qcow2' | 'raw' }
  /** A volume or file that exists already (kept if the create fails). */
  | { kind: 'existing'; path: string };

export type NetworkChoice =
  | { kind: 'none' }
  /** One of the host's virtual networks, by name. */
  | { kind: 'network'; name: string }
  /** A host bridge device, by name. */
  | { kind: 'bridge'; name: string }
  /**
   * macvtap on one of the host's physical interfaces, in bridge mode (guests on the same device
   * reach each other and the LAN; the host itself cannot reach the guest through it).
   */
  | { kind: 'direct'; name: string }
  /** User-mode networking (slirp): no host setup, no inbound connections. */
  | { kind: 'user' };

/** Everything the user chose; the backend fills in the rest from the OS and the host. */
export interface VmCreateSpec {
  connection: ConnectionId;
  name: string;
  source: InstallSource;
  /** An osinfo-db id or short id; 'generic' for unknown. */
  os: string;
  memoryMiB: number;
  vcpus: number;
  storage: StorageChoice;
  network: NetworkChoice;
  /** Advanced; defaulted from the host's capabilities when absent. */
  arch?: string;
  machine?: string;
  virtType?: VirtType;
}

/** What the host offers a new VM, from its capabilities and domain capabilities. */
export interface CreateCapabilities {
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

export interface PoolSummary {
  name: string;
  active: boolean;
  /** The directory (for a dir pool). */
  path?: string;
  capacity: number;
  available: number;
}

export interface VolumeSummary {
  name: string;
  path: string;
  format?: string;
  capacity: number;
}

export interface NetworkSummary {
  /** direct: a physical interface for macvtap (its interface name, e.g. eth0). */
  kind: 'network' | 'bridge' | 'direct';
  name: string;
  active: boolean;
  /** A direct device's link state, where the host reports it. */
  link?: 'up' | 'down';
}

/** An OS as the wizard shows and uses it. */
export interface OsChoice {
  id: string;
  shortId: string;
  name: string;
  family: string;
  /** Recommended (else minimum) resources, in MiB / GiB / count. */
  recommended: { memoryMiB?: number; vcpus?: number; storageGiB?: number };
  minimum: { memoryMiB?: number; vcpus?: number; storageGiB?: number };
  efiRequired: boolean;
  tpmRequired: boolean;
  /** Kernel and initrd paths inside an install tree, for network installs. */
  installTree?: { kernel: string; initrd: string };
}

/** What will be created: the XML, and the facts a summary shows. */
export interface CreatePreview {
  /** The install configuration: what the first boot runs with (and what Customize edits). */
  xml: string;
  /**
   * The persistent definition after the install (boots from the disk; no install kernel, media
   * or seed), derived from `xml`; equal to it when the install config is the final one.
   */
  finalXml: string;
  virtType: VirtType;
  machine: string;
  firmware: 'bios' | 'efi';
  tpm: boolean;
  /** The new volume's path, when one is made. */
  newVolume?: { pool: string; name: string; path: string; capacity: number };
  /** A cloud image: the overlay's backing file and the seed ISO volume that is made. */
  cloud?: { baseImage: string; seedPath: string };
  /** Things the user should know (no UEFI though the OS needs it, memory above the host's, …). */
  warnings: string[];
}

export type CreateStep = 'check' | 'storage' | 'define' | 'start' | 'rollback' | 'done';

export interface CreateResult {
  ref: DomainRef;
  name: string;
  started: boolean;
}
