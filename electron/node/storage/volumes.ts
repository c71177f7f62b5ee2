// A pool's volumes as storageVolumes.list gives them: sizes, format, backing image and the VMs
// that use each (volume-users.ts), read in one pass over the pool and the connection's VMs.
import { posix } from 'node:path';
import * as libvirt from 'virtdeck/native';
import type { VolumeDetails } from '../../common/api/storage-volumes.js';
import { HostObjects, ifFound } from '../objects/registry.js';
import { scaled, StoragePool } from '../xml/storage-pool.js';
import { StorageVolume } from '../xml/storage-volume.js';
import { usersOf, vmDisks, type VmDisks } from './volume-users.js';

const VOLUME_TYPES: Record<number, VolumeDetails['type']> = {
  [libvirt.StorageVolType.FILE]: 'file',
  [libvirt.StorageVolType.BLOCK]: 'block',
  [libvirt.StorageVolType.DIR]: 'dir',
  [libvirt.StorageVolType.NETWORK]: 'network',
  [libvirt.StorageVolType.NETDIR]: 'netdir',
  [libvirt.StorageVolType.PLOOP]: 'ploop',
};

/** One volume as read from libvirt, before its users are known. */
export interface VolumeRead {
  vol: libvirt.StorageVolume;
  pool: string;
  name: string;
  path: string;
  type: VolumeDetails['type'];
  format: string | undefined;
  capacity: number;
  allocation: number;
  /** The bytes a download sends: the image file's size (`<physical>`), else the capacity. */
  physical: number;
  backingPath: string | undefined;
  backingFormat: string | undefined;
  model: StorageVolume;
}

export async function readVolume(pool: string, vol: libvirt.StorageVolume): Promise<VolumeRead> {
  const [name, path, info, xml] = await Promise.all([vol.name(), vol.path(), vol.info(), vol.XMLDesc()]);
  const model = StorageVolume.parse(xml);
  // <physical> is not a modelled property (nothing edits it); read through the model's element API.
  const phys = model.find(['physical']);
  const physical = phys ? (scaled(Number(phys.text.trim()), phys.attr('unit')) ?? NaN) : NaN;
  return {
    vol,
    pool,
    name,
    path,
    type: VOLUME_TYPES[info.type] ?? 'file',
    format: model.targetFormat,
    capacity: info.capacity,
    allocation: info.allocation,
    physical: Number.isFinite(physical) && physical > 0 ? physical : info.capacity,
    backingPath: model.backingPath?.trim() || undefined,
    backingFormat: model.backingFormat,
    model,
  };
}

/** Every volume of a running pool, refreshed first (files copied in by hand show). */
export async function readPoolVolumes(pool: libvirt.StoragePool): Promise<VolumeRead[]> {
  await pool.refresh().catch(() => 0);
  const name = await pool.name();
  const vols = await Promise.all((await pool.listAllVolumes()).map((v) => readVolume(name, v).catch(() => null)));
  return vols.filter((v): v is VolumeRead => v !== null).sort((a, b) => a.name.localeCompare(b.name));
}

/** Finds which pool holds an image path, for a backing image outside the overlay's pool. */
class BackingPools {
  #dirs: Promise<Map<string, string>> | undefined;
  constructor(private readonly conn: libvirt.Connection) {}

  async locate(path: string): Promise<{ pool: string; name: string } | undefined> {
    const vol = await ifFound(new HostObjects(this.conn).volumeByPath(path)).catch(() => null);
    if (!vol) return undefined;
    this.#dirs ??= this.#poolDirs();
    const pool = (await this.#dirs).get(posix.dirname(posix.normalize(path)));
    return pool === undefined ? undefined : { pool, name: await vol.name() };
  }

  async #poolDirs(): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const p of await this.conn.listAllStoragePools()) {
      const def = StoragePool.parse(await p.XMLDesc());
      const dir = def.targetPath?.trim();
      if (dir) map.set(posix.normalize(dir), await p.name());
    }
    return map;
  }
}

export function details(v: VolumeRead, usedBy: VolumeDetails['usedBy'], backingVolume?: { pool: string; name: string }): VolumeDetails {
  return {
    name: v.name,
    path: v.path,
    type: v.type,
    ...(v.format ? { format: v.format } : {}),
    capacity: v.capacity,
    allocation: v.allocation,
    ...(v.backingPath ? { backing: { path: v.backingPath, ...(v.backingFormat ? { format: v.backingFormat } : {}), ...(backingVolume ? { volume: backingVolume } : {}) } } : {}),
    usedBy,
  };
}

/** The rows of storageVolumes.list for a pool (none while it is inactive). */
export async function listVolumeDetails(conn: libvirt.Connection, poolName: string, vms?: readonly VmDisks[]): Promise<VolumeDetails[]> {
  const pool = await new HostObjects(conn).poolByName(poolName);
  if (!(await pool.isActive())) return [];
  const [vols, users] = await Promise.all([readPoolVolumes(pool), vms ? Promise.resolve(vms) : vmDisks(conn)]);
  return withDetails(conn, vols, users);
}

/** Rows for volumes already read (all of one pool, or some of it with `poolVolumes` the whole pool). */
export async function withDetails(
  conn: libvirt.Connection,
  vols: readonly VolumeRead[],
  vms: readonly VmDisks[],
  poolVolumes: readonly VolumeRead[] = vols,
): Promise<VolumeDetails[]> {
  const byPath = new Map(poolVolumes.map((v) => [posix.normalize(v.path), v]));
  const elsewhere = new BackingPools(conn);
  return Promise.all(
    vols.map(async (v) => {
      const inPool = v.backingPath ? byPath.get(posix.normalize(v.backingPath)) : undefined;
      const backingVolume = inPool ? { pool: inPool.pool, name: inPool.name } : v.backingPath ? await elsewhere.locate(v.backingPath) : undefined;
      return details(v, usersOf(v, vms, poolVolumes), backingVolume);
    }),
  );
}
