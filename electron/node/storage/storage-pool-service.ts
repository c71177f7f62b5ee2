// The `storagePools` namespace: the host's storage pools.
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { PoolSummary, storagePoolsApi } from '../../common/api/storage-pools.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listPools } from '../create/storage.js';

export class StoragePoolService implements NamespaceImpl<typeof storagePoolsApi> {
  constructor(private readonly connections: ConnectionManager) {}

  list({ connection }: { connection: ConnectionId }): Promise<PoolSummary[]> {
    return listPools(this.connections.connection(connection));
  }
}
