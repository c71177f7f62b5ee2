// The `storagePools` namespace: the host's storage pools — listing with their sizes, which
// pool types the host's libvirt can run, defining (dir fully; fs, netfs, logical and iscsi from
// a spec), build, start, stop, refresh, autostart, delete, and the disk-space view of all pools.
import { z } from 'zod';
import { defineNamespace, done, method } from './define.js';
import { messageRef } from './errors.js';
import { connectionId, hostPath, objectName, poolRef, uuid } from './refs.js';

/** libvirt's pool types (virStoragePoolType), as its XML writes them. */
export const POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage'] as const;
export const poolType = z.enum(POOL_TYPES);
export type PoolType = z.infer<typeof poolType>;

/** libvirt's virStoragePoolState: running is usable; degraded and inaccessible are running with trouble. */
export const poolState = z.enum(['inactive', 'building', 'running', 'degraded', 'inaccessible']);
export type PoolState = z.infer<typeof poolState>;

export const poolSummary = z.strictObject({
  name: z.string(),
  uuid,
  /** libvirt's pool type (one of POOL_TYPES on the libvirt versions known today; a newer host may say another). */
  type: z.string(),
  state: poolState,
  /** state is running (or degraded/inaccessible): its volumes can be used. */
  active: z.boolean(),
  /** Defined (kept across host restarts); false for a transient pool, which goes away when stopped. */
  persistent: z.boolean(),
  /** Started when the host's libvirtd starts. */
  autostart: z.boolean(),
  /** Where its volumes appear on the host (a dir pool's directory, a logical pool's /dev/VG). */
  path: z.string().optional(),
  /** Bytes; 0 while the pool is inactive (libvirt knows sizes only of running pools). */
  capacity: z.number().min(0),
  /** Bytes in use. */
  allocation: z.number().min(0),
  /** Bytes free. */
  available: z.number().min(0),
});
export type PoolSummary = z.infer<typeof poolSummary>;

/** A storage pool was defined, started, stopped, refreshed or changed: its row of storagePools.list now. */
export const poolChanged = z.strictObject({
  connection: connectionId,
  pool: poolSummary,
});
export type PoolChanged = z.infer<typeof poolChanged>;

/** What one pool type means on this host: whether libvirt runs it here, and what Virtdeck can do with it. */
export const poolTypeSupport = z.strictObject({
  type: poolType,
  /** Whether the host's libvirt has a backend for it; absent when that could not be told (see `how`). */
  supported: z.boolean().optional(),
  /** storagePools.define takes a spec of this type (dir, fs, netfs, logical, iscsi). */
  definable: z.boolean(),
  /** storagePools.build does something for it (makes the directory, the filesystem, the volume group, the label). */
  buildable: z.boolean(),
  /** The source formats libvirt accepts for it (filesystems, NFS/CIFS, lvm2, partition tables); empty when it has none. */
  sourceFormats: z.array(z.string()),
  /** What storagePools.delete does to the pool's storage, in words. */
  deleteMeans: messageRef,
  /** What delete with `deleteContents` does in addition, in words; absent where Virtdeck does not offer it. */
  deleteContentsMeans: messageRef.optional(),
});
export type PoolTypeSupport = z.infer<typeof poolTypeSupport>;

export const poolCapabilities = z.strictObject({
  /**
   * How `supported` was told. `probe`: this libvirt binding has no
   * virConnectGetStoragePoolCapabilities, so each type was offered to libvirt's define under the
   * name of an existing pool: libvirt looks for the type's backend before it checks the name,
   * so "missing backend" means unsupported and "already exists" means supported, and nothing is
   * ever defined. `none`: the host has no pool to probe with, or the connection may not define
   * (read-only); `supported` is then absent.
   */
  how: z.enum(['probe', 'none']),
  types: z.array(poolTypeSupport),
});
export type PoolCapabilities = z.infer<typeof poolCapabilities>;

/** A host name or address (NFS server, iSCSI portal). */
const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:[\]-]+$/);

/** Filesystems an fs pool may mount (libvirt's virStoragePoolFormatFileSystem). */
export const FS_FORMATS = ['auto', 'ext2', 'ext3', 'ext4', 'ufs', 'iso9660', 'udf', 'gfs', 'gfs2', 'vfat', 'hfs+', 'xfs', 'ocfs2', 'vmfs'] as const;
/** What a netfs pool mounts (virStoragePoolFormatFileSystemNet). */
export const NETFS_FORMATS = ['auto', 'nfs', 'glusterfs', 'cifs'] as const;

/** A new pool, by type; every path is on the pool's host. */
export const poolSpec = z.discriminatedUnion('type', [
  /** A directory of image files. */
  z.strictObject({ type: z.literal('dir'), name: objectName, path: hostPath }),
  /** A block device with a filesystem, mounted at `path`. */
  z.strictObject({ type: z.literal('fs'), name: objectName, device: hostPath, format: z.enum(FS_FORMATS).default('auto'), path: hostPath }),
  /** A directory exported by a server (NFS, GlusterFS, CIFS), mounted at `path`. */
  z.strictObject({
    type: z.literal('netfs'),
    name: objectName,
    host: hostName,
    sourcePath: hostPath,
    format: z.enum(NETFS_FORMATS).default('auto'),
    /** The NFS protocol version to mount with (e.g. "4"); absent: negotiated. */
    protocolVersion: z
      .string()
      .regex(/^[0-9.]{1,8}$/)
      .optional(),
    path: hostPath,
  }),
  /**
   * An LVM volume group: an existing one by name (no devices), or one that build makes on
   * `devices`. Its volumes appear under /dev/VG.
   */
  z.strictObject({ type: z.literal('logical'), name: objectName, volumeGroup: objectName, devices: z.array(hostPath).max(64).default([]) }),
  /** The LUNs of an iSCSI target, as block devices under `path` (stable names: /dev/disk/by-path). */
  z.strictObject({
    type: z.literal('iscsi'),
    name: objectName,
    host: hostName,
    port: z.number().int().min(1).max(65535).optional(),
    /** The target's IQN. */
    target: z.string().min(1).max(223),
    path: hostPath.default('/dev/disk/by-path'),
  }),
]);
export type PoolSpec = z.input<typeof poolSpec>;

/** A pool's space, as the disk-space view shows it. */
export const poolSpace = z.strictObject({
  uuid,
  name: z.string(),
  type: z.string(),
  active: z.boolean(),
  /** Bytes (0 while inactive). */
  capacity: z.number().min(0),
  allocation: z.number().min(0),
  available: z.number().min(0),
  /** The sum of its volumes' capacities: what they could grow to, were they all filled. */
  committed: z.number().min(0),
  volumes: z.number().int().min(0),
  /** More than 90% of the capacity is allocated. */
  nearlyFull: z.boolean(),
  /** Its volumes' capacities add up to more than the pool's capacity: thin-provisioned volumes could outgrow it. */
  overCommitted: z.boolean(),
});
export type PoolSpace = z.infer<typeof poolSpace>;

/** Above this share of the capacity allocated, a pool is nearly full. */
export const NEARLY_FULL = 0.9;

const byRef = z.strictObject({ ref: poolRef });

export const storagePoolsApi = defineNamespace({
  /** The host's storage pools with their state and sizes (the `default` pool first, then by name). */
  list: method({ params: z.strictObject({ connection: connectionId }), result: z.array(poolSummary) }),
  /** Which pool types the host's libvirt runs, what each needs and what deleting one means (see PoolCapabilities.how). */
  capabilities: method({ params: z.strictObject({ connection: connectionId }), result: poolCapabilities }),
  /**
   * Defines a pool from a spec, then, as asked, builds it (`build`: make its directory,
   * filesystem or volume group; never over existing data), starts it and marks it autostart —
   * what a New Pool form does. A step that fails undefines the pool again, and the error says
   * which step failed and why. A name or target that another pool has is refused by libvirt.
   */
  define: method({
    params: z.strictObject({
      connection: connectionId,
      spec: poolSpec,
      build: z.boolean().default(false),
      start: z.boolean().default(false),
      autostart: z.boolean().default(false),
    }),
    result: poolSummary,
  }),
  /**
   * Makes the pool's storage (see PoolTypeSupport.buildable): a dir pool's directory; an fs
   * pool's filesystem only where the device has none, a logical pool's volume group only on
   * devices without a label — unless `overwrite`, which formats over what is there. A type with
   * nothing to build is refused (invalid-input).
   */
  build: method({ params: z.strictObject({ ref: poolRef, overwrite: z.boolean().default(false) }), result: poolSummary }),
  /** Starts the pool (mounts, activates, logs in, as its type does). Resolves to its row. */
  start: method({ params: byRef, result: poolSummary }),
  /** Stops the pool; its storage and volumes stay. A transient pool goes away (storagePool.removed). */
  stop: method({ params: byRef, result: poolSummary }),
  /** Re-reads the pool's volumes and sizes from its storage (files copied in by hand show). */
  refresh: method({ params: byRef, result: poolSummary }),
  /** Whether the pool starts with the host's libvirtd (a transient pool cannot). */
  setAutostart: method({ params: z.strictObject({ ref: poolRef, autostart: z.boolean() }), result: poolSummary }),
  /**
   * Stops the pool and removes its definition. The storage stays (PoolTypeSupport.deleteMeans),
   * unless `deleteContents` where offered (deleteContentsMeans): a dir pool's volumes and then
   * its directory, a logical pool's volume group with all its volumes. Refused (`in-use`,
   * naming the VMs) when a VM's disk names the pool, or with `deleteContents` when a VM uses
   * any of its volumes.
   */
  delete: method({ params: z.strictObject({ ref: poolRef, deleteContents: z.boolean().default(false) }), result: done }),
  /**
   * Every pool of the host with its space, the fullest first (least available; inactive pools,
   * whose sizes libvirt does not know, last), flagged when nearly full (more than 90%
   * allocated) or over-committed (volume capacities add up to more than the pool's capacity).
   * Running pools are refreshed first, so the figures are current.
   */
  space: method({ params: z.strictObject({ connection: connectionId }), result: z.array(poolSpace) }),
});
