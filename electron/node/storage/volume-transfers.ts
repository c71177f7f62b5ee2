// The long volume operations, as jobs: a clone on the host (virStorageVolCreateXMLFrom), and a
// download of a volume's bytes to a file on the machine Virtdeck runs on.
//
// Clone: libvirt copies on the host (a reflink, a sparse copy, or qemu-img convert, which also
// flattens an overlay into a standalone image) and offers neither progress nor a way to stop
// it. Progress is the copy's allocation, polled, against the original's; Cancel waits for the
// copy to finish and then deletes it (the journal holds the copy's name meanwhile, so a crash
// mid-copy is cleaned up at the next connect like an upload's partial volume).
//
// Download: the bytes stream into `.NAME.PID.UUID.tmp` beside the destination (the name an
// atomic write uses, so whoever finds one can tell whether its writer lives), which is renamed
// to the destination only when complete. A failure or Cancel removes it: nothing is left.
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import type { VolumeRef } from '../../common/api/refs.js';
import type { VolumeDetails } from '../../common/api/storage-volumes.js';
import { msg } from '../../common/messages/messages.js';
import { tempName } from '../files/atomic-write.js';
import type { JobService } from '../jobs/job-service.js';
import { HostObjects } from '../objects/registry.js';
import { StorageVolume } from '../xml/storage-volume.js';
import { refuseTaken, runningPool, takenError } from './volume-actions.js';
import { readPoolVolumes, readVolume, withDetails } from './volumes.js';
import { vmDisks } from './volume-users.js';

/** How often a clone's progress is read from the host. */
const CLONE_POLL_MS = 500;

export interface JobHost {
  jobs: JobService;
  conn: libvirt.Connection;
  connection: ConnectionId;
  uri: string;
  log: (msg: string) => void;
}

export async function cloneVolume(h: JobHost, p: { job: string; ref: VolumeRef; name: string; pool?: string | undefined }): Promise<VolumeDetails> {
  const objects = new HostObjects(h.conn);
  const srcVol = await objects.volume(p.ref.pool, p.ref.name);
  const src = await readVolume(p.ref.pool, srcVol);
  const targetName = p.pool ?? p.ref.pool;
  const target = await runningPool(h.conn, targetName);
  await refuseTaken(target, targetName, p.name);
  // Same format and size; no backing: libvirt's copy is a standalone image either way.
  const xml = StorageVolume.create({ name: p.name, bytes: src.capacity, format: src.format ?? 'raw' }).doc.serialize();
  const total = Math.max(src.allocation, 1);
  return h.jobs.run(
    {
      id: p.job,
      connection: h.connection,
      uri: h.uri,
      kind: 'volume.clone',
      title: msg('storage.clone.title', { name: src.name, target: p.name }),
      target: { kind: 'volume', pool: targetName, name: p.name },
      step: 'clone',
      message: msg('storage.clone.progress', { name: src.name }),
    },
    async (ctx) => {
      ctx.progress({ done: 0, total });
      let copying = true;
      const poll = async () => {
        while (copying) {
          await new Promise((r) => setTimeout(r, CLONE_POLL_MS));
          if (!copying) return;
          // The copy is listed (with its allocation so far) while libvirt builds it.
          const info = await target
            .storageVolLookupByName(p.name)
            .then((v) => v.info())
            .catch(() => null);
          if (info && copying) ctx.progress({ done: Math.min(info.allocation, total), total });
        }
      };
      const polling = poll();
      let copy: libvirt.StorageVolume;
      try {
        copy = await ctx.track(
          { kind: 'volume', pool: targetName, name: p.name, what: `the copy ${p.name}` },
          () =>
            target.createXMLFrom(xml, srcVol, 0).catch((err: unknown) => {
              throw takenError(err, targetName, p.name);
            }),
          (v) => v.delete(0),
        );
      } finally {
        copying = false;
        await polling;
      }
      // libvirt could not be stopped mid-copy: a Cancel asked meanwhile undoes the finished copy (the rollback).
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('cancelled');
      ctx.pastReturn();
      ctx.progress({ done: total, total });
      h.log(`storage: copied ${p.ref.pool}/${src.name} to ${targetName}/${p.name}`);
      const [row] = await withDetails(h.conn, [await readVolume(targetName, copy)], await vmDisks(h.conn), await readPoolVolumes(target));
      return row!;
    },
    {
      words: (v) => msg('job.result.saved', { path: v.path }),
      cancelled: (left) =>
        new ApiError('cancelled', left.length ? msg('storage.clone.cancelledLeft', { name: src.name, left: left.join(', ') }) : msg('storage.clone.cancelled', { name: src.name })),
    },
  );
}

export async function downloadVolume(h: JobHost, p: { job: string; ref: VolumeRef; localPath: string; overwrite: boolean }): Promise<{ path: string; bytes: number }> {
  const vol = await new HostObjects(h.conn).volume(p.ref.pool, p.ref.name);
  const v = await readVolume(p.ref.pool, vol);
  const dir = dirname(p.localPath);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new ApiError('invalid-input', msg('storage.download.noFolder', { dir }));
  const existing = await stat(p.localPath).catch(() => null);
  if (existing && (!p.overwrite || !existing.isFile())) throw new ApiError('invalid-input', msg('storage.download.exists', { path: p.localPath }));
  const partial = join(dir, tempName(basename(p.localPath)));
  return h.jobs.run(
    {
      id: p.job,
      connection: h.connection,
      uri: h.uri,
      kind: 'volume.download',
      title: msg('storage.download.title', { name: v.name, pool: p.ref.pool }),
      target: { kind: 'volume', pool: p.ref.pool, name: v.name },
      step: 'download',
      message: msg('storage.download.progress', { name: v.name }),
    },
    async (ctx) => {
      ctx.rollback.add(`the partial file ${partial}`, () => rm(partial, { force: true }));
      ctx.progress({ done: 0, total: v.physical });
      const bytes = await libvirt.downloadFile(vol, partial, { signal: ctx.signal, onProgress: (done) => ctx.progress({ done, total: Math.max(v.physical, done) }) });
      ctx.step('finish', msg('storage.download.finish', { path: p.localPath }));
      ctx.pastReturn();
      await rename(partial, p.localPath);
      h.log(`storage: downloaded ${p.ref.pool}/${v.name} to ${p.localPath} (${bytes} bytes)`);
      return { path: p.localPath, bytes };
    },
    {
      words: (r) => msg('job.result.saved', { path: r.path }),
      cancelled: () => new ApiError('cancelled', msg('storage.download.cancelled', { name: v.name })),
    },
  );
}
