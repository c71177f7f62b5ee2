// What the wizard learns about an operating system from osinfo-db, after inheritance is
// resolved: plain data, JSON-safe, so it can cross into the contract unchanged.

export interface Resources {
  ramBytes?: number;
  cpus?: number;
  storageBytes?: number;
}

/** Device support as osinfo-db states it (inherited through derives-from/clones). */
export interface OsDevices {
  virtioNet: boolean;
  virtioBlock: boolean;
  virtioRng: boolean;
  virtioBalloon: boolean;
  virtioConsole: boolean;
  virtioScsi: boolean;
  virtioGpu: boolean;
  virtioInput: boolean;
  /**
   * The qemu-guest-agent channel rides virtio-serial, so it is offered where the OS drives
   * virtio-console (osinfo-db has no device entry for the agent itself).
   */
  qemuGuestAgent: boolean;
  /** The q35 chipset (osinfo's http://qemu.org/chipset/x86/q35). */
  q35: boolean;
  usbTablet: boolean;
  /** qemu-xhci (USB 3). */
  usb3: boolean;
}

export interface OsFirmware {
  efiSupported: boolean;
  /** BIOS is marked unsupported for x86_64 (e.g. Windows 11). */
  efiRequired: boolean;
}

export interface OsEntry {
  /** e.g. http://debian.org/debian/11 */
  id: string;
  /** The first short id, e.g. debian11. */
  shortId: string;
  /** Every short id osinfo knows this OS by (debian11, debianbullseye). */
  shortIds: string[];
  name: string;
  /** linux | winnt | freebsd | … */
  family: string;
  vendor?: string;
  distro?: string;
  version?: string;
  codename?: string;
  /** YYYY-MM-DD */
  releaseDate?: string;
  /** YYYY-MM-DD */
  eolDate?: string;
  /** The OSes it derives from or clones, nearest first (ids). */
  ancestors: string[];
  /** For x86_64 (or osinfo's arch "all"), inherited where the OS states none itself. */
  resources: { minimum?: Resources; recommended?: Resources };
  devices: OsDevices;
  firmware: OsFirmware;
  /** A TPM 2.0 is required to install (Windows 11 and what derives from it). */
  tpmRequired: boolean;
  /** Kernel and initrd paths inside a network install tree for x86_64, when the DB has them. */
  installTree?: { kernel: string; initrd: string };
  /** Cloud images (qcow2 with cloud-init) exist for this OS. */
  cloudImage: boolean;
}

/** The fields of an ISO9660 Primary Volume Descriptor that osinfo-db's media rules match. */
export interface IsoVolumeDescriptor {
  systemId: string;
  volumeId: string;
  publisherId: string;
  applicationId: string;
  /** Volume space size × logical block size, in bytes. */
  volumeSize: number;
}

/** The install medium a volume descriptor matched. */
export interface MediaMatch {
  os: OsEntry;
  arch: string;
  /** Kernel and initrd paths inside the ISO (for direct kernel boot of the installer). */
  kernel?: string;
  initrd?: string;
  live: boolean;
}
