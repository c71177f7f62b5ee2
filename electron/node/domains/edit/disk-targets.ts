// Disk names (the guest's vda, sdb, hdc): the prefix a bus gives them, and the first free one.
import { ApiError } from '../../../common/api/errors.js';
import { msg } from '../../../common/messages/messages.js';
import type { Domain } from '../../xml/domain.js';

export const targetPrefix = (bus: string | undefined): string => (bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : bus === 'fdc' ? 'fd' : 'sd');

/** A free target name for a new disk on `bus` (vda, vdb, …; sda, …; hda, …). */
export function freeTarget(dom: Domain, bus: string | undefined): string {
  const prefix = targetPrefix(bus);
  const used = new Set(dom.devices('disk').map((d) => d.el.element('target')?.attr('dev')));
  for (let i = 0; i < 26 * 27; i++) {
    const name = prefix + (i < 26 ? String.fromCharCode(97 + i) : String.fromCharCode(96 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26)));
    if (!used.has(name)) return name;
  }
  throw new ApiError('invalid-input', msg('edit.noFreeTarget', { bus: bus ?? 'scsi' }));
}
