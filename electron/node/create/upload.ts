// A file on the machine Virtdeck runs on, uploaded into a new volume of a pool through
// libvirt's stream: how a local ISO reaches a remote host. Progress is reported a few times a
// second; a failed or cancelled upload deletes the partial volume.
import * as libvirt from 'virtdeck/native';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { VolumeSummary } from '../../common/api/storage-volumes.js';
import { checkFreeSpace, ensurePool, freeVolumeName, volumeXml } from './storage.js';

export interface UploadOptions {
  signal: AbortSignal;
  onProgress(done: number, total: number): void;
  log(msg: string): void;
}

export async function uploadIntoPool(conn: libvirt.Connection, poolName: string, localPath: string, o: UploadOptions): Promise<VolumeSummary> {
  const st = await stat(localPath).catch(() => null);
  if (!st?.isFile()) throw new ApiError('invalid-input', msg('upload.notAFile', { path: localPath }));
  const pool = await ensurePool(conn, poolName);
  await checkFreeSpace(pool, st.size);
  const file = basename(localPath).replace(/[^A-Za-z0-9._+-]/g, '_');
  const dot = file.lastIndexOf('.');
  const name = await freeVolumeName(pool, dot > 0 ? file.slice(0, dot) : file, dot > 0 ? file.slice(dot + 1) : 'iso');
  const vol = await pool.createXML(volumeXml(name, st.size, 'raw'));
  let last = 0;
  try {
    await libvirt.uploadFile(vol, localPath, {
      signal: o.signal,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - last >= 200 || done === total) {
          last = now;
          o.onProgress(done, total ?? st.size);
        }
      },
    });
  } catch (err) {
    await vol.delete().catch((e: Error) => o.log(`create: the partial upload ${name} could not be deleted: ${e.message}`));
    if (o.signal.aborted) throw new ApiError('invalid-input', msg('upload.cancelled', { file: basename(localPath) }));
    throw err;
  }
  o.log(`create: uploaded ${basename(localPath)} into ${poolName} as ${name} (${st.size} bytes)`);
  return { name, path: await vol.path(), capacity: st.size, format: 'raw' };
}
