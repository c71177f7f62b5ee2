// A pool's row of storagePools.list (and of the storagePool.changed event), and the list of
// them: the `default` pool first, as the New VM wizard offers it first.
import * as libvirt from 'virtdeck/native';
import type { PoolState, PoolSummary } from '../../common/api/storage-pools.js';
import { StoragePool } from '../xml/storage-pool.js';

export const DEFAULT_POOL = 'default';

const STATES: Record<number, PoolState> = {
  [libvirt.StoragePoolState.INACTIVE]: 'inactive',
  [libvirt.StoragePoolState.BUILDING]: 'building',
  [libvirt.StoragePoolState.RUNNING]: 'running',
  [libvirt.StoragePoolState.DEGRADED]: 'degraded',
  [libvirt.StoragePoolState.INACCESSIBLE]: 'inaccessible',
};

/** A pool's row of storagePools.list. */
export async function poolSummary(pool: libvirt.StoragePool): Promise<PoolSummary> {
  const [name, uuid, info, xml, persistent, autostart] = await Promise.all([
    pool.name(),
    pool.UUIDString(),
    pool.info(),
    pool.XMLDesc(),
    pool.isPersistent(),
    // A transient pool has no autostart; some drivers answer with an error rather than false.
    pool.autostart().catch(() => false),
  ]);
  const def = StoragePool.parse(xml);
  const path = def.targetPath?.trim();
  const state = STATES[info.state] ?? 'inactive';
  return {
    name,
    uuid,
    // The model reads only the types it knows; the attribute as written for any other.
    type: def.type ?? def.el.attr('type') ?? 'unknown',
    state,
    active: state !== 'inactive' && state !== 'building',
    persistent,
    autostart,
    capacity: info.capacity,
    allocation: info.allocation,
    available: info.available,
    ...(path ? { path } : {}),
  };
}

export async function listPools(conn: libvirt.Connection): Promise<PoolSummary[]> {
  const pools = await Promise.all((await conn.listAllStoragePools()).map(poolSummary));
  return pools.sort((a, b) => (a.name === DEFAULT_POOL ? -1 : b.name === DEFAULT_POOL ? 1 : a.name.localeCompare(b.name)));
}
