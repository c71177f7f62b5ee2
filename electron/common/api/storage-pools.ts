// The `storagePools` namespace: the host's storage pools.
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, type PoolRef } from './refs.js';

export interface PoolSummary {
  name: string;
  active: boolean;
  /** The directory (for a dir pool). */
  path?: string;
  capacity: number;
  available: number;
}

/** A storage pool was defined, started, stopped, refreshed or changed: its state now. */
export interface PoolChanged {
  ref: PoolRef;
  name: string;
  active: boolean;
}

export const storagePoolsApi = defineNamespace({
  /** The host's storage pools with their free space (the `default` pool first). */
  list: method({ params: z.strictObject({ connection: connectionId }), result: returns<PoolSummary[]>() }),
});
