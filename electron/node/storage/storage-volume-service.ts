// The `storageVolumes` namespace: a pool's volumes with the VMs that use them, their life
// (create, resize, wipe, delete) and the long operations as jobs (clone, upload, download).
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { VolumeRef } from '../../common/api/refs.js';
import type { storageVolumesApi, VolumeDetails, VolumeSummary } from '../../common/api/storage-volumes.js';
import type { ConnectionManager } from '../connections/manager.js';
import { uploadIntoPool } from '../create/upload.js';
import type { JobService } from '../jobs/job-service.js';
import { createVolume, deleteVolume, resizeVolume, wipeVolume, type CreateVolume } from './volume-actions.js';
import { cloneVolume, downloadVolume, type JobHost } from './volume-transfers.js';
import { listVolumeDetails } from './volumes.js';

export class StorageVolumeService implements NamespaceImpl<typeof storageVolumesApi> {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly jobs: JobService,
    private readonly log: (msg: string) => void,
  ) {}

  list({ connection, pool }: { connection: ConnectionId; pool: string }): Promise<VolumeDetails[]> {
    return listVolumeDetails(this.connections.connection(connection), pool);
  }

  create({ connection, ...p }: CreateVolume & { connection: ConnectionId }): Promise<VolumeDetails> {
    return createVolume(this.connections.connection(connection), p);
  }

  resize({ ref, capacity }: { ref: VolumeRef; capacity: number }): Promise<VolumeDetails> {
    return resizeVolume(this.connections.connection(ref.connection), ref, capacity);
  }

  clone(p: { job: string; ref: VolumeRef; name: string; pool?: string | undefined }): Promise<VolumeDetails> {
    return cloneVolume(this.#jobHost(p.ref.connection), p);
  }

  wipe({ ref }: { ref: VolumeRef }): Promise<VolumeDetails> {
    return wipeVolume(this.connections.connection(ref.connection), ref);
  }

  delete({ ref }: { ref: VolumeRef }): Promise<void> {
    return deleteVolume(this.connections.connection(ref.connection), ref);
  }

  /** A local file into a pool of the connection's host, as a job (see create/upload.ts); `jobs.cancel` stops it. */
  upload({ job, connection, pool, localPath }: { job: string; connection: ConnectionId; pool: string; localPath: string }): Promise<VolumeSummary> {
    return uploadIntoPool(this.jobs, this.connections.connection(connection), { job, connection, pool, localPath, uri: this.connections.get(connection).spec.uri }, this.log);
  }

  download(p: { job: string; ref: VolumeRef; localPath: string; overwrite: boolean }): Promise<{ path: string; bytes: number }> {
    return downloadVolume(this.#jobHost(p.ref.connection), p);
  }

  #jobHost(connection: ConnectionId): JobHost {
    return { jobs: this.jobs, conn: this.connections.connection(connection), connection, uri: this.connections.get(connection).spec.uri, log: this.log };
  }
}
