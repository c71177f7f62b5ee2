// The `storageVolumes` namespace: the volumes of a pool, addressed by the pool's name and
// their own (a volume has no UUID), and uploads into a pool.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId, hostPath, jobId, objectName } from './refs.js';

export const volumeSummary = z.strictObject({
  name: z.string(),
  path: z.string(),
  /** The image format (qcow2, raw, iso, …), where libvirt tells. */
  format: z.string().optional(),
  /** Bytes. */
  capacity: z.number().min(0),
});
export type VolumeSummary = z.infer<typeof volumeSummary>;

export const storageVolumesApi = defineNamespace({
  /** The volumes of one pool (refreshed first, so files copied in by hand show). */
  list: method({ params: z.strictObject({ connection: connectionId, pool: objectName }), result: z.array(volumeSummary) }),
  /**
   * Uploads a file from the machine Virtdeck runs on into a new volume of a pool on the
   * connection's host (the way a local ISO reaches a remote host), through libvirt's stream.
   * It runs as the job `job`: progress (bytes, rate, time left) arrives as `job.progressed`,
   * `jobs.cancel` stops it. Fails on a missing file or too little free space; the bytes go to a
   * partial volume that gets the final name only when complete, and a failed or cancelled
   * upload deletes it.
   */
  upload: method({
    params: z.strictObject({ job: jobId, connection: connectionId, pool: objectName, localPath: hostPath }),
    result: volumeSummary,
  }),
});
