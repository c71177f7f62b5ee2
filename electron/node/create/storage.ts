// Pools, volumes and networks as the wizard needs them, the `default` pool virt-manager
// creates when a host has none, and new volumes with their free-space check.
import * as libvirt from 'virtdeck/native';
import { open as openFile } from 'node:fs/promises';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { NetworkSummary } from '../../common/api/networks.js';
import { XmlDocument } from '../xml/document.js';
import { StoragePool } from '../xml/storage-pool.js';
import { StorageVolume } from '../xml/storage-volume.js';
import { listDirectDevices } from './direct-devices.js';
import { qemuDriverType } from './disk-driver-type.js';
import { HostObjects, ifFound } from '../objects/registry.js';
import { DEFAULT_POOL } from '../storage/pools.js';

// Pool rows live with the storage pools' service; the wizard lists pools through them.
export { DEFAULT_POOL, listPools, poolSummary } from '../storage/pools.js';
export const DEFAULT_POOL_PATH = '/var/lib/libvirt/images';
const GiB = 1024 ** 3;

/** A virtual network's row of networks.list. */
export async function networkSummary(n: libvirt.Network): Promise<NetworkSummary & { kind: 'network'; uuid: string }> {
  const [name, uuid, active] = await Promise.all([n.name(), n.UUIDString(), n.isActive()]);
  return { kind: 'network', name, uuid, active };
}

/** The host's virtual networks (only), by name. */
export async function listVirtualNetworks(conn: libvirt.Connection): Promise<(NetworkSummary & { kind: 'network'; uuid: string })[]> {
  const nets = await Promise.all((await conn.listAllNetworks()).map(networkSummary));
  return nets.sort((a, b) => a.name.localeCompare(b.name));
}

export async function listNetworks(conn: libvirt.Connection): Promise<NetworkSummary[]> {
  const nets = await listVirtualNetworks(conn);
  // Host bridges, where the host's interface backend can list them (not every host has one).
  const bridges = await conn
    .listAllInterfaces()
    .then((ifs) =>
      Promise.all(
        ifs.map(async (i): Promise<NetworkSummary | null> => {
          const xml = await i.XMLDesc();
          return XmlDocument.parse(xml).root.attr('type') === 'bridge' ? { kind: 'bridge', name: await i.name(), active: await i.isActive() } : null;
        }),
      ),
    )
    .catch((): (NetworkSummary | null)[] => []);
  // A host without node-device support (or one that refuses the call) still offers the rest.
  const direct = await listDirectDevices(conn).catch((): NetworkSummary[] => []);
  return [...nets, ...bridges.filter((b): b is NetworkSummary => b !== null), ...direct];
}

/**
 * The pool a new disk goes into, started if it is not. Asking for `default` on a host
 * without pools creates it at /var/lib/libvirt/images (autostarted), as virt-manager does;
 * it stays after a failed create, like virt-manager's.
 */
export async function ensurePool(conn: libvirt.Connection, name: string): Promise<libvirt.StoragePool> {
  const objects = new HostObjects(conn);
  // Only `default` is made when missing; another name is the user's choice of a pool that is gone.
  let pool = name === DEFAULT_POOL ? await ifFound(objects.poolByName(name)) : await objects.poolByName(name);
  if (!pool) {
    const def = StoragePool.create('dir', DEFAULT_POOL);
    def.targetPath = DEFAULT_POOL_PATH;
    const xml = def.doc.serialize();
    try {
      pool = await conn.storagePoolDefineXML(xml);
      await pool.setAutostart(true);
    } catch (defineErr) {
      // Someone else (another window, virsh) defined it meanwhile: use theirs.
      pool = await objects.poolByName(name).catch(() => {
        throw defineErr;
      });
    }
  }
  if (!(await pool.isActive())) {
    await pool.create(libvirt.StoragePoolCreateFlags.WITH_BUILD).catch(async (err: unknown) => {
      if (!(await pool.isActive())) throw err;
    });
  }
  return pool;
}

/** The first free `NAME.EXT`, `NAME-1.EXT`, … in the pool. */
export async function freeVolumeName(pool: libvirt.StoragePool, base: string, ext: string): Promise<string> {
  await pool.refresh().catch(() => 0);
  const taken = new Set(await Promise.all((await pool.listAllVolumes()).map((v) => v.name())));
  for (let i = 0; ; i++) {
    const name = i === 0 ? `${base}.${ext}` : `${base}-${i}.${ext}`;
    if (!taken.has(name)) return name;
  }
}

/** Refuses a size the pool has no room for (qcow2 grows into it later: it must fit). */
export async function checkFreeSpace(pool: libvirt.StoragePool, bytes: number): Promise<void> {
  const info = await pool.info();
  if (bytes > info.available) {
    throw new ApiError('invalid-input', msg('storage.noSpace', { pool: await pool.name(), freeGiB: (info.available / GiB).toFixed(1), sizeGiB: (bytes / GiB).toFixed(1) }));
  }
}

/** A new volume; with `backing`, a qcow2 overlay whose reads fall through to that image. */
export function volumeXml(name: string, bytes: number, format: 'qcow2' | 'raw', backing?: { path: string; format: string }): string {
  // raw is sparse: allocate nothing up front either way.
  return StorageVolume.create({ name, bytes, format, allocationBytes: 0, ...(backing ? { backing } : {}) }).doc.serialize();
}

/** The capacity of a volume in a pool, or null when the path is in no pool (or the host cannot tell). */
export async function volumeCapacity(conn: libvirt.Connection, path: string): Promise<number | null> {
  const vol = await inSomePool(conn, path);
  return vol ? (await vol.info()).capacity : null;
}

/**
 * The volume at a path the user chose, where a pool holds it; null when none does, and also
 * when the host cannot tell (a host without a storage driver): the path is then a plain file.
 */
export function inSomePool(conn: libvirt.Connection, path: string): Promise<libvirt.StorageVolume | null> {
  return new HostObjects(conn).volumeByPath(path).catch(() => null);
}

/** Writes bytes into a new volume through libvirt's upload stream (local and remote alike). */
export async function uploadBytes(vol: libvirt.StorageVolume, data: Buffer): Promise<void> {
  const stream = await vol.conn.newStream();
  try {
    await vol.upload(stream, 0, data.length);
  } catch (err) {
    await stream.abort().catch(() => undefined);
    throw err;
  }
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.end(data, () => resolve());
  });
}

/**
 * The QEMU driver type of an existing disk image: from its pool's volume when it is in one
 * (the pool's format word mapped to QEMU's, e.g. iso → raw), else (a local host) from the
 * file's magic; raw when neither tells.
 */
export async function diskFormat(conn: libvirt.Connection, path: string, local: boolean): Promise<string> {
  let format: string | undefined;
  const vol = await inSomePool(conn, path);
  if (vol)
    format = await vol.XMLDesc().then(
      (xml) => StorageVolume.parse(xml).targetFormat,
      () => undefined,
    );
  if (format) return qemuDriverType(format, path);
  if (local) {
    const fh = await openFile(path).catch(() => null);
    if (fh) {
      try {
        const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
        if (bytesRead === 4 && buffer.toString('latin1') === 'QFI\xfb') return 'qcow2';
      } finally {
        await fh.close();
      }
    }
  }
  return 'raw';
}
