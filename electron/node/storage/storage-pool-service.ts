// The `storagePools` namespace: the host's storage pools, and the storagePool.changed/removed
// events (libvirt's pool lifecycle and refresh events, else polling).
import * as libvirt from 'virtdeck/native';
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { PoolSummary, storagePoolsApi } from '../../common/api/storage-pools.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listPools, poolSummary } from '../create/storage.js';
import { ObjectWatcher, type WatchedKind } from '../objects/object-watcher.js';
import type { WatchOptions } from '../objects/watch-options.js';
import { isNotFound } from '../objects/registry.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;

const pools: WatchedKind<PoolSummary> = {
  what: 'storage pools',
  list: listPools,
  uuidOf: (row) => row.uuid,
  async subscribe(conn, touched) {
    const reread = (pool: libvirt.StoragePool) => void pool.UUIDString().then((uuid) => touched(uuid, () => poolSummary(pool)));
    await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.LIFECYCLE, reread);
    // Sizes change on refresh; optional, as older drivers lack this event.
    await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.REFRESH, reread).catch(() => undefined);
  },
  isGone: isNotFound,
};

export class StoragePoolService implements NamespaceImpl<typeof storagePoolsApi> {
  constructor(
    private readonly connections: ConnectionManager,
    emit?: Emit,
    options: WatchOptions = {},
  ) {
    if (emit) {
      new ObjectWatcher(
        connections,
        pools,
        {
          changed: (connection, pool) => emit('storagePool.changed', { connection, pool }),
          removed: (connection, uuid) => emit('storagePool.removed', { connection, uuid }),
        },
        options,
      );
    }
  }

  list({ connection }: { connection: ConnectionId }): Promise<PoolSummary[]> {
    return listPools(this.connections.connection(connection));
  }
}
