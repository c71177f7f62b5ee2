// A file on the machine Virtdeck runs on, uploaded into a pool through libvirt's stream: how a
// local ISO reaches a remote host. It runs as a job: the bytes go into a volume named
// `.virtdeck-partial-ID-NAME` (recognisable, and unique to the job), and only a complete upload
// becomes NAME. libvirt cannot rename a volume, so the finish is a clone of the partial volume
// (a reflink where the pool's filesystem has them, else a copy on the host, which costs no
// network transfer) and the partial one is deleted. A volume under the final name is therefore
// always complete; a crash mid-upload leaves only the partial name, which the journal removes.
import * as libvirt from 'virtdeck/native';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../../common/api/errors.js';
import type { ConnectionId } from '../../common/api/connections.js';
import { msg } from '../../common/messages/messages.js';
import type { VolumeSummary } from '../../common/api/storage-volumes.js';
import type { JobService } from '../jobs/job-service.js';
import { checkFreeSpace, ensurePool, freeVolumeName, volumeXml } from './storage.js';

export const PARTIAL_PREFIX = '.virtdeck-partial-';

export interface UploadRequest {
  job: string;
  connection: ConnectionId;
  uri: string;
  pool: string;
  localPath: string;
}

export async function uploadIntoPool(jobs: JobService, conn: libvirt.Connection, p: UploadRequest, log: (msg: string) => void): Promise<VolumeSummary> {
  const st = await stat(p.localPath).catch(() => null);
  if (!st?.isFile()) throw new ApiError('invalid-input', msg('upload.notAFile', { path: p.localPath }));
  const pool = await ensurePool(conn, p.pool);
  await checkFreeSpace(pool, st.size);
  const file = basename(p.localPath).replace(/[^A-Za-z0-9._+-]/g, '_');
  const dot = file.lastIndexOf('.');
  const name = await freeVolumeName(pool, dot > 0 ? file.slice(0, dot) : file, dot > 0 ? file.slice(dot + 1) : 'iso');
  const partialName = `${PARTIAL_PREFIX}${p.job.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}-${name}`;
  const shown = basename(p.localPath);
  return jobs.run(
    {
      id: p.job,
      connection: p.connection,
      uri: p.uri,
      kind: 'volume.upload',
      title: msg('job.title.upload', { file: shown, pool: p.pool }),
      target: { kind: 'volume', pool: p.pool, name },
      step: 'upload',
      message: msg('progress.upload.send', { file: shown }),
    },
    async (ctx) => {
      const partial = await ctx.track(
        { kind: 'volume', pool: p.pool, name: partialName, what: `the partial upload ${partialName}` },
        () => pool.createXML(volumeXml(partialName, st.size, 'raw')),
        (v) => v.delete(),
      );
      ctx.progress({ done: 0, total: st.size });
      await libvirt.uploadFile(partial, p.localPath, { signal: ctx.signal, onProgress: (done, total) => ctx.progress({ done, total: total ?? st.size }) });
      ctx.progress({ done: st.size, total: st.size });
      await ctx.checkpoint('upload:sent');
      ctx.step('finish', msg('progress.upload.finish', { name }));
      const vol = await ctx.track(
        { kind: 'volume', pool: p.pool, name, what: `the volume ${name}` },
        () => cloneVolume(pool, partial, name, st.size),
        (v) => v.delete(),
      );
      ctx.pastReturn();
      await partial.delete().catch((err: Error) => log(`upload: the partial volume ${partialName} could not be deleted: ${err.message}`));
      log(`upload: uploaded ${shown} into ${p.pool} as ${name} (${st.size} bytes)`);
      return { name, path: await vol.path(), capacity: st.size, format: 'raw' } satisfies VolumeSummary;
    },
    {
      words: (v) => msg('job.result.saved', { path: v.path }),
      cancelled: (left) => new ApiError('cancelled', left.length ? msg('upload.cancelledLeft', { file: shown, left: left.join(', ') }) : msg('upload.cancelled', { file: shown })),
    },
  );
}

/** The complete volume under its final name: a reflink clone where the filesystem can, else a copy. */
async function cloneVolume(pool: libvirt.StoragePool, from: libvirt.StorageVolume, name: string, size: number): Promise<libvirt.StorageVolume> {
  const xml = volumeXml(name, size, 'raw');
  try {
    return await pool.createXMLFrom(xml, from, libvirt.StorageVolCreateFlags.REFLINK);
  } catch {
    return pool.createXMLFrom(xml, from, 0);
  }
}
