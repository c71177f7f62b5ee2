// The `storageVolumes` namespace: a pool's volumes, and uploads of local files into a pool.
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { storageVolumesApi, VolumeSummary } from '../../common/api/storage-volumes.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listVolumes } from '../create/storage.js';
import { uploadIntoPool } from '../create/upload.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;

export class StorageVolumeService implements NamespaceImpl<typeof storageVolumesApi> {
  /** Running uploads by the caller's job id, so cancelUpload can stop one. */
  readonly #uploads = new Map<string, AbortController>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly emit: Emit,
    private readonly log: (msg: string) => void,
  ) {}

  list({ connection, pool }: { connection: ConnectionId; pool: string }): Promise<VolumeSummary[]> {
    return listVolumes(this.connections.connection(connection), pool);
  }

  async upload({ job, connection, pool, localPath }: { job: string; connection: ConnectionId; pool: string; localPath: string }): Promise<VolumeSummary> {
    if (this.#uploads.has(job)) throw new ApiError('invalid-input', msg('create.uploadRunning'));
    const abort = new AbortController();
    this.#uploads.set(job, abort);
    try {
      return await uploadIntoPool(this.connections.connection(connection), pool, localPath, {
        signal: abort.signal,
        onProgress: (done, total) => this.emit('create.uploadProgressed', { job, done, total }),
        log: this.log,
      });
    } finally {
      this.#uploads.delete(job);
    }
  }

  cancelUpload({ job }: { job: string }): void {
    this.#uploads.get(job)?.abort();
  }
}
