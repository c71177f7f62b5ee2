// Growing a VM's disk: while the VM runs, through QEMU (virDomainBlockResize, which the guest
// sees at once); while it is off, through the storage pool that holds the disk's file or
// volume. Shrinking is refused: it cuts off whatever the guest keeps at the end of the disk.
import * as libvirt from 'virtdeck/native';
import type { EditEffect } from '../../../common/api/domain-edits.js';
import { ApiError } from '../../../common/api/errors.js';
import { msg } from '../../../common/messages/messages.js';
import { Domain } from '../../xml/domain.js';
import type { Disk } from '../../xml/devices/disk.js';
import { readConfigXml } from '../config-xml.js';
import { liveDeviceOf } from './device-match.js';
import { HostObjects, ifFound } from '../../objects/registry.js';

function refuseShrink(bytes: number, capacity: number): void {
  if (bytes < capacity) throw new ApiError('invalid-input', msg('edit.shrink', { bytes, capacity }));
}

async function volumeOf(conn: libvirt.Connection, disk: Disk): Promise<libvirt.StorageVolume> {
  const host = new HostObjects(conn);
  const path = disk.sourceFile ?? disk.sourceDev;
  const vol = disk.sourcePool && disk.sourceVolume ? await ifFound(host.volume(disk.sourcePool, disk.sourceVolume)) : path ? await ifFound(host.volumeByPath(path)) : null;
  if (!vol) throw new ApiError('invalid-input', msg('edit.resizeNotInPool', { path: path ?? disk.sourceVolume ?? '?' }));
  return vol;
}

/** Grows the disk `id` of the VM's definition to `bytes`; says where that took effect. */
export async function resizeDisk(conn: libvirt.Connection, dom: libvirt.Domain, id: string, bytes: number): Promise<{ effect: EditEffect }> {
  const config = Domain.parse((await readConfigXml(dom)).xml);
  const disk = config.devices('disk').find((d) => d.id === id);
  if (!disk) throw new ApiError('invalid-input', msg('edit.noDevice', { id }));
  if (disk.device !== undefined && disk.device !== 'disk' && disk.device !== 'lun') throw new ApiError('invalid-input', msg('edit.resizeMedia'));
  if (await dom.isActive()) {
    const live = liveDeviceOf(disk, config, Domain.parse(await dom.XMLDesc(0))) as Disk | undefined;
    const target = live?.targetDev;
    if (!target) throw new ApiError('invalid-input', msg('edit.noDevice', { id }));
    refuseShrink(bytes, (await dom.blockInfo(target)).capacity);
    await dom.blockResize(target, bytes, libvirt.DomainBlockResizeFlags.BYTES);
    return { effect: 'now' };
  }
  const vol = await volumeOf(conn, disk);
  refuseShrink(bytes, (await vol.info()).capacity);
  await vol.resize(bytes);
  return { effect: 'definition' };
}
