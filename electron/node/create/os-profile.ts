// The OS facts the XML defaults are decided from (a subset of an osinfo-db entry), and the
// generic profiles used when the OS is unknown: virt-install's "generic recent Linux".
import type { OsChoice } from '../../common/api/osinfo.js';

export interface OsDevices {
  virtioNet: boolean;
  virtioBlock: boolean;
  virtioRng: boolean;
  virtioBalloon: boolean;
  qemuGuestAgent: boolean;
  q35: boolean;
  usbTablet: boolean;
}

export interface OsProfile extends OsChoice {
  devices: OsDevices;
  efiSupported: boolean;
}

const MODERN: OsDevices = { virtioNet: true, virtioBlock: true, virtioRng: true, virtioBalloon: true, qemuGuestAgent: true, q35: true, usbTablet: true };

/** Unknown OS: a recent Linux (virtio everything, q35, BIOS), as virt-install assumes. */
export const GENERIC_LINUX: OsProfile = {
  id: 'http://libosinfo.org/linux/2022',
  shortId: 'linux2022',
  name: 'Generic Linux 2022',
  family: 'linux',
  recommended: { memoryMiB: 2048, vcpus: 2, storageGiB: 20 },
  minimum: { memoryMiB: 256, vcpus: 1, storageGiB: 1 },
  efiRequired: false,
  tpmRequired: false,
  efiSupported: true,
  devices: MODERN,
};

/** "Generic or unknown OS": no paravirtual devices assumed, the safest choice for anything. */
export const GENERIC: OsProfile = {
  id: 'generic',
  shortId: 'generic',
  name: 'Generic or unknown OS',
  family: 'generic',
  recommended: { memoryMiB: 1024, vcpus: 1, storageGiB: 10 },
  minimum: { memoryMiB: 64, vcpus: 1 },
  efiRequired: false,
  tpmRequired: false,
  efiSupported: true,
  devices: { virtioNet: false, virtioBlock: false, virtioRng: false, virtioBalloon: false, qemuGuestAgent: false, q35: false, usbTablet: true },
};

export const BUILTIN_PROFILES: readonly OsProfile[] = [GENERIC_LINUX, GENERIC];

/** The contract's view of a profile (without the device facts). */
export function toChoice(p: OsProfile): OsChoice {
  const { devices: _d, efiSupported: _e, ...choice } = p;
  return choice;
}

export const isWindows = (p: OsProfile) => p.family === 'winnt' || p.family === 'windows';
