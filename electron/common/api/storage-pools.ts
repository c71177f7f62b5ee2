// The `storagePools` namespace: the host's storage pools.
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, type ConnectionId } from './refs.js';

export interface PoolSummary {
  name: string;
  uuid: string;
  active: boolean;
  /** The directory (for a dir pool). */
  path?: string;
  capacity: number;
  available: number;
}

/** A storage pool was defined, started, stopped, refreshed or changed: its row of storagePools.list now. */
export interface PoolChanged {
  connection: ConnectionId;
  pool: PoolSummary;
}

export const storagePoolsApi = defineNamespace({
  /** The host's storage pools with their free space (the `default` pool first). */
  list: method({ params: z.strictObject({ connection: connectionId }), result: returns<PoolSummary[]>() }),
});
