// A new disk for a VM, from a pool: the volume is made (under the job's journal, marked as
// meant for this VM), then attached through the same edit as any other change (live where the
// VM runs and the bus allows, and in its definition). A failure or Cancel before the VM has it
// deletes the volume again; a backend killed in between rolls it back at the next connect,
// unless the VM's definition already uses it.
import type * as libvirt from 'virtdeck/native';
import type { EditResult } from '../../../common/api/domain-edits.js';
import { msg } from '../../../common/messages/messages.js';
import type { JobService } from '../../jobs/job-service.js';
import { HostObjects } from '../../objects/registry.js';
import { volumeXml } from '../../create/storage.js';
import { applyEdit } from './apply.js';

export interface NewDiskRequest {
  id?: string | undefined;
  etag: string;
  pool: string;
  name: string;
  capacityBytes: number;
  format: 'qcow2' | 'raw';
  bus: 'virtio' | 'scsi' | 'sata' | 'usb';
  definitionOnly?: boolean | undefined;
}

export type NewDiskResult = EditResult & { volume: { pool: string; name: string; path: string } };

export async function addNewDisk(
  jobs: JobService,
  target: { connection: string; uri: string },
  conn: libvirt.Connection,
  dom: libvirt.Domain,
  req: NewDiskRequest,
): Promise<NewDiskResult> {
  const [vmName, uuid] = await Promise.all([dom.name(), dom.UUIDString()]);
  return jobs.run<NewDiskResult, 'storage' | 'define'>(
    {
      ...(req.id ? { id: req.id } : {}),
      connection: target.connection,
      uri: target.uri,
      kind: 'vm.addDisk',
      title: msg('job.title.addDisk', { name: req.name, vm: vmName }),
      target: { kind: 'domain', name: vmName, uuid: uuid.toLowerCase() },
      message: msg('progress.create.disk', { name: req.name, sizeGiB: (req.capacityBytes / 1024 ** 3).toFixed(1) }),
      step: 'storage',
    },
    async (ctx) => {
      const pool = await new HostObjects(conn).poolByName(req.pool);
      const vol = await ctx.track(
        { kind: 'volume', pool: req.pool, name: req.name, what: `the disk ${req.name}`, attachedTo: uuid.toLowerCase() },
        () => pool.createXML(volumeXml(req.name, req.capacityBytes, req.format)),
        (v) => v.delete(),
      );
      const path = await vol.path();
      await ctx.checkpoint('add-disk:volume-made');
      ctx.step('define', msg('progress.addDisk.attach', { vm: vmName }));
      const result = await applyEdit(conn, dom, {
        etag: req.etag,
        definitionOnly: req.definitionOnly,
        changes: [
          {
            kind: 'addDevice',
            device: 'disk',
            attributes: { type: 'file', device: 'disk' },
            set: { driverName: 'qemu', driverType: req.format, sourceFile: path, targetBus: req.bus },
          },
        ],
      });
      return { ...result, volume: { pool: req.pool, name: req.name, path } };
    },
    { words: (r) => msg('job.result.addDisk', { path: r.volume.path }) },
  );
}
