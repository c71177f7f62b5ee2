// The `storageVolumes` namespace: a pool's volumes, and uploads of local files into a pool.
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { storageVolumesApi, VolumeSummary } from '../../common/api/storage-volumes.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listVolumes } from '../create/storage.js';
import { uploadIntoPool } from '../create/upload.js';
import type { JobService } from '../jobs/job-service.js';

export class StorageVolumeService implements NamespaceImpl<typeof storageVolumesApi> {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly jobs: JobService,
    private readonly log: (msg: string) => void,
  ) {}

  list({ connection, pool }: { connection: ConnectionId; pool: string }): Promise<VolumeSummary[]> {
    return listVolumes(this.connections.connection(connection), pool);
  }

  /** A local file into a pool of the connection's host, as a job (see create/upload.ts); `jobs.cancel` stops it. */
  upload({ job, connection, pool, localPath }: { job: string; connection: ConnectionId; pool: string; localPath: string }): Promise<VolumeSummary> {
    return uploadIntoPool(this.jobs, this.connections.connection(connection), { job, connection, pool, localPath, uri: this.connections.get(connection).spec.uri }, this.log);
  }
}
