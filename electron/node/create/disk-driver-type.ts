// A storage pool names an image's format with libvirt's storage words (virStorageFileFormat);
// a disk's <driver type> takes QEMU's block driver names. Most are the same word; these are not
// (virt-manager's virtinst does the same mapping when it attaches a volume).
import { msg } from '../../common/messages/messages.js';
import { ApiError } from '../../common/api/errors.js';

/** Storage formats whose QEMU driver has another name. */
const RENAMED: Record<string, string> = {
  // An ISO 9660 image is plain bytes to QEMU: libvirt's pool calls it iso, QEMU refuses type='iso'.
  iso: 'raw',
  // What libvirt calls "none" (no format probed) and an empty format are raw as well.
  none: 'raw',
  // Microsoft's VHD: QEMU's driver is vpc.
  vhd: 'vpc',
};

/** Formats QEMU opens under the same name. */
const SAME = new Set(['raw', 'qcow2', 'qcow', 'qed', 'vmdk', 'vdi', 'vpc', 'vhdx', 'bochs', 'cloop', 'dmg', 'parallels']);

/**
 * The QEMU driver type for an image whose pool reports `format`. Formats that are not a disk
 * image QEMU can attach as a file (dir, fat, ploop, cow, luks without its secret) are refused
 * with the reason, rather than written into a definition QEMU then refuses at start.
 */
export function qemuDriverType(format: string, path: string): string {
  const f = format.trim().toLowerCase();
  if (f === '') return 'raw';
  if (RENAMED[f]) return RENAMED[f];
  if (SAME.has(f)) return f;
  throw new ApiError('invalid-input', msg('storage.notADiskImage', { path, format }));
}
