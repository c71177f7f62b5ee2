// The `storagePools` namespace: the host's storage pools.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId, uuid } from './refs.js';

export const poolSummary = z.strictObject({
  name: z.string(),
  uuid,
  active: z.boolean(),
  /** The directory (for a dir pool). */
  path: z.string().optional(),
  /** Bytes. */
  capacity: z.number().min(0),
  /** Bytes. */
  available: z.number().min(0),
});
export type PoolSummary = z.infer<typeof poolSummary>;

/** A storage pool was defined, started, stopped, refreshed or changed: its row of storagePools.list now. */
export const poolChanged = z.strictObject({
  connection: connectionId,
  pool: poolSummary,
});
export type PoolChanged = z.infer<typeof poolChanged>;

export const storagePoolsApi = defineNamespace({
  /** The host's storage pools with their free space (the `default` pool first). */
  list: method({ params: z.strictObject({ connection: connectionId }), result: z.array(poolSummary) }),
});
