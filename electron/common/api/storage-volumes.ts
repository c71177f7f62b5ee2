// The `storageVolumes` namespace: the volumes of a pool, addressed by the pool's name and
// their own (a volume has no UUID), and uploads into a pool.
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, hostPath, jobId, objectName } from './refs.js';

export interface VolumeSummary {
  name: string;
  path: string;
  format?: string;
  capacity: number;
}

/** Bytes of a storageVolumes.upload sent so far. */
export interface UploadProgress {
  job: string;
  done: number;
  total: number;
}

export const storageVolumesApi = defineNamespace({
  /** The volumes of one pool (refreshed first, so files copied in by hand show). */
  list: method({ params: z.strictObject({ connection: connectionId, pool: objectName }), result: returns<VolumeSummary[]>() }),
  /**
   * Uploads a file from the machine Virtdeck runs on into a new volume of a pool on the
   * connection's host (the way a local ISO reaches a remote host), through libvirt's stream.
   * Progress arrives as `create.uploadProgressed` with `job`. Fails on a missing file or too
   * little free space; a failed or cancelled upload deletes its partial volume.
   */
  upload: method({
    params: z.strictObject({ job: jobId, connection: connectionId, pool: objectName, localPath: hostPath }),
    result: returns<VolumeSummary>(),
  }),
  /** Stops the upload `job`; its upload call then rejects, and the partial volume is deleted. */
  cancelUpload: method({ params: z.strictObject({ job: jobId }), result: returns<void>() }),
});
