// Creating, resizing, wiping and deleting volumes, with the refusals that keep a VM's disk safe:
// no delete or wipe while a VM uses the volume (or an overlay of it does), no delete of a
// backing image under its overlays, no shrinking, no resize under a running VM.
import * as libvirt from 'virtdeck/native';
import { posix } from 'node:path';
import { ApiError } from '../../common/api/errors.js';
import type { VolumeRef } from '../../common/api/refs.js';
import type { VolumeDetails } from '../../common/api/storage-volumes.js';
import { msg } from '../../common/messages/messages.js';
import { HostObjects } from '../objects/registry.js';
import { StorageVolume } from '../xml/storage-volume.js';
import { readPoolVolumes, readVolume, withDetails, type VolumeRead } from './volumes.js';
import { usersOf, vmDisks, vmNames } from './volume-users.js';

const F = libvirt.StorageVolCreateFlags;

export interface CreateVolume {
  pool: string;
  name: string;
  format: 'qcow2' | 'raw';
  capacity?: number | undefined;
  backing?: { pool: string; name: string } | undefined;
  preallocation: 'off' | 'metadata' | 'full';
}

/** A running pool by name (not-found when missing, invalid-input when stopped). */
export async function runningPool(conn: libvirt.Connection, name: string): Promise<libvirt.StoragePool> {
  const pool = await new HostObjects(conn).poolByName(name);
  if (!(await pool.isActive())) throw new ApiError('invalid-input', msg('storage.pool.notRunning', { pool: name }));
  return pool;
}

/** Refuses a name the pool has already (refreshed first: a file copied in by hand counts). */
export async function refuseTaken(pool: libvirt.StoragePool, poolName: string, name: string): Promise<void> {
  await pool.refresh().catch(() => 0);
  const names = await Promise.all((await pool.listAllVolumes()).map((v) => v.name()));
  if (names.includes(name)) throw new ApiError('invalid-input', msg('storage.volume.exists', { pool: poolName, name }));
}

/** libvirt's "volume exists" (another client made one meanwhile) in the same words as the check before. */
export function takenError(err: unknown, pool: string, name: string): unknown {
  return err instanceof libvirt.LibvirtError && err.code === libvirt.ErrorNumber.STORAGE_VOL_EXIST
    ? new ApiError('invalid-input', msg('storage.volume.exists', { pool, name }))
    : err;
}

async function oneRow(conn: libvirt.Connection, pool: libvirt.StoragePool, vol: libvirt.StorageVolume): Promise<VolumeDetails> {
  const poolName = await pool.name();
  const [v, all, vms] = await Promise.all([readVolume(poolName, vol), readPoolVolumes(pool), vmDisks(conn)]);
  const [row] = await withDetails(conn, [v], vms, all);
  return row!;
}

export async function createVolume(conn: libvirt.Connection, p: CreateVolume): Promise<VolumeDetails> {
  const objects = new HostObjects(conn);
  const pool = await runningPool(conn, p.pool);
  let capacity = p.capacity;
  let backing: { path: string; format: string } | undefined;
  if (p.backing) {
    if (p.format !== 'qcow2') throw new ApiError('invalid-input', msg('storage.volume.overlayQcow2'));
    if (p.preallocation === 'full') throw new ApiError('invalid-input', msg('storage.volume.overlayFull'));
    const b = await readVolume(p.backing.pool, await objects.volume(p.backing.pool, p.backing.name));
    backing = { path: b.path, format: b.format ?? 'raw' };
    capacity ??= b.capacity;
  }
  if (capacity === undefined) throw new ApiError('invalid-input', msg('storage.volume.sizeNeeded'));
  if (p.preallocation === 'metadata' && p.format !== 'qcow2') throw new ApiError('invalid-input', msg('storage.volume.metadataQcow2Only'));
  const allocation = p.preallocation === 'full' ? capacity : 0;
  const { available } = await pool.info();
  if (allocation > available) throw new ApiError('invalid-input', msg('storage.volume.noRoom', { pool: p.pool, free: available, size: allocation }));
  await refuseTaken(pool, p.pool, p.name);
  const xml = StorageVolume.create({ name: p.name, bytes: capacity, format: p.format, allocationBytes: allocation, ...(backing ? { backing } : {}) }).doc.serialize();
  // qcow2: metadata preallocation is the flag; with allocation = capacity, libvirt has qemu-img allocate it all (falloc).
  // raw: allocation = capacity makes libvirt allocate the file's blocks.
  const flags = p.format === 'qcow2' && p.preallocation !== 'off' ? F.PREALLOC_METADATA : 0;
  const vol = await pool.createXML(xml, flags).catch((err: unknown) => {
    throw takenError(err, p.pool, p.name);
  });
  return oneRow(conn, pool, vol);
}

/** The volume, its pool's volumes and the VMs: what every refusal below is decided on. */
async function inContext(conn: libvirt.Connection, ref: VolumeRef): Promise<{ pool: libvirt.StoragePool; v: VolumeRead; all: VolumeRead[] }> {
  const pool = await runningPool(conn, ref.pool);
  const all = await readPoolVolumes(pool);
  const v = all.find((x) => x.name === ref.name) ?? (await readVolume(ref.pool, await new HostObjects(conn).volume(ref.pool, ref.name)));
  return { pool, v, all };
}

export async function resizeVolume(conn: libvirt.Connection, ref: VolumeRef, capacity: number): Promise<VolumeDetails> {
  const { pool, v, all } = await inContext(conn, ref);
  if (capacity < v.capacity) throw new ApiError('invalid-input', msg('storage.volume.shrink', { bytes: capacity, capacity: v.capacity }));
  if (capacity > v.capacity) {
    // QEMU holds a running VM's image open and would not see the new size; its own disk resize does it live.
    const running = usersOf(v, await vmDisks(conn), all).filter((u) => u.active && u.through === undefined);
    if (running.length) throw new ApiError('in-use', msg('storage.volume.resizeRunning', { name: v.name, vms: vmNames(running) }));
    await v.vol.resize(capacity, 0);
  }
  return oneRow(conn, pool, v.vol);
}

export async function wipeVolume(conn: libvirt.Connection, ref: VolumeRef): Promise<VolumeDetails> {
  const { pool, v, all } = await inContext(conn, ref);
  const users = usersOf(v, await vmDisks(conn), all);
  if (users.length) throw new ApiError('in-use', msg('storage.volume.wipeInUse', { name: v.name, vms: vmNames(users) }));
  await v.vol.wipe(0);
  if (v.format !== 'qcow2') return oneRow(conn, pool, v.vol);
  // libvirt's wipe zeroes the qcow2 header too, leaving a raw file of zeros: make the image
  // again, empty, with its size and backing, so it is still the volume it was.
  const again = StorageVolume.create({
    name: v.name,
    bytes: v.capacity,
    format: 'qcow2',
    allocationBytes: 0,
    ...(v.backingPath ? { backing: { path: v.backingPath, format: v.backingFormat ?? 'raw' } } : {}),
  });
  try {
    await v.vol.delete(0);
    return await oneRow(conn, pool, await pool.createXML(again.doc.serialize(), 0));
  } catch (err) {
    throw new ApiError('operation-failed', msg('storage.volume.recreateFailed', { name: v.name, format: 'qcow2', reason: err instanceof Error ? err.message : String(err) }), {
      libvirtCode: err instanceof libvirt.LibvirtError ? err.code : undefined,
    });
  }
}

export async function deleteVolume(conn: libvirt.Connection, ref: VolumeRef): Promise<void> {
  const { v, all } = await inContext(conn, ref);
  const users = usersOf(v, await vmDisks(conn), all);
  if (users.length) throw new ApiError('in-use', msg('storage.volume.deleteInUse', { name: v.name, vms: vmNames(users) }));
  const path = posix.normalize(v.path);
  const overlays = all.filter((o) => o.backingPath !== undefined && posix.normalize(o.backingPath) === path);
  if (overlays.length) throw new ApiError('in-use', msg('storage.volume.isBacking', { name: v.name, overlays: overlays.map((o) => o.name).join(', ') }));
  await v.vol.delete(0);
}
