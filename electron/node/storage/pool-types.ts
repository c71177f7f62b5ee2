// What each pool type is to Virtdeck: whether it builds (and with which flags, so that build
// never formats over data unless asked), its source formats as libvirt 9 knows them
// (storage_conf.c), what deleting one does to its storage in words, and a minimal definition
// libvirt parses (for the capability probe, pool-capabilities.ts). One table, so the pool
// service, the probe and the words cannot disagree.
import * as libvirt from 'virtdeck/native';
import { FS_FORMATS, NETFS_FORMATS, type PoolType } from '../../common/api/storage-pools.js';
import { msg, type MessageRef } from '../../common/messages/messages.js';
import { type StoragePool } from '../xml/storage-pool.js';

const B = libvirt.StoragePoolBuildFlags;

export interface PoolTypeInfo {
  /** Flags for virStoragePoolBuild without and with overwrite; absent when the type has no build. */
  build?: { safe: number; overwrite: number };
  sourceFormats: readonly string[];
  /** What delete does to the storage. */
  deleteMeans: MessageRef;
  /** What deleteContents does in addition; absent where Virtdeck does not offer it. */
  deleteContentsMeans?: MessageRef;
  /** Fills in the sources a definition of the type needs to parse (placeholders: it is never kept). */
  minimal(pool: StoragePool): void;
}

const LOGICAL_FORMATS = ['auto', 'lvm2'];
const DISK_FORMATS = ['unknown', 'dos', 'dvh', 'gpt', 'mac', 'bsd', 'pc98', 'sun', 'lvm2'];

const onHost = msg('storage.delete.host');
const onNetwork = msg('storage.delete.network');
const target = (p: StoragePool) => (p.targetPath = '/nonexistent');
const host = (p: StoragePool) => (p.sourceHost = 'localhost');
const hostAndName = (p: StoragePool) => {
  host(p);
  p.sourceName = 'probe';
};

export const POOL_TYPE_INFO: Record<PoolType, PoolTypeInfo> = {
  // A dir pool's build only makes the directory: the flags that guard mkfs do not apply.
  dir: { build: { safe: 0, overwrite: 0 }, sourceFormats: [], deleteMeans: msg('storage.delete.dir'), deleteContentsMeans: msg('storage.delete.dirContents'), minimal: target },
  fs: {
    build: { safe: B.NO_OVERWRITE, overwrite: B.OVERWRITE },
    sourceFormats: FS_FORMATS,
    deleteMeans: msg('storage.delete.fs'),
    minimal: (p) => {
      p.sourceDevices = ['/nonexistent'];
      target(p);
    },
  },
  // netfs build makes the mount point only.
  netfs: {
    build: { safe: 0, overwrite: 0 },
    sourceFormats: NETFS_FORMATS,
    deleteMeans: msg('storage.delete.netfs'),
    minimal: (p) => {
      host(p);
      p.sourceDir = '/nonexistent';
      target(p);
    },
  },
  logical: {
    build: { safe: B.NO_OVERWRITE, overwrite: B.OVERWRITE },
    sourceFormats: LOGICAL_FORMATS,
    deleteMeans: msg('storage.delete.logical'),
    deleteContentsMeans: msg('storage.delete.logicalContents'),
    minimal: (p) => (p.sourceName = 'nonexistent'),
  },
  disk: {
    build: { safe: B.NO_OVERWRITE, overwrite: B.OVERWRITE },
    sourceFormats: DISK_FORMATS,
    deleteMeans: msg('storage.delete.disk'),
    minimal: (p) => {
      p.sourceDevices = ['/nonexistent'];
      target(p);
    },
  },
  iscsi: {
    sourceFormats: [],
    deleteMeans: onNetwork,
    minimal: (p) => {
      host(p);
      p.sourceDevices = ['iqn.2000-01.invalid:probe'];
      target(p);
    },
  },
  'iscsi-direct': {
    sourceFormats: [],
    deleteMeans: onNetwork,
    minimal: (p) => {
      host(p);
      p.sourceDevices = ['iqn.2000-01.invalid:probe'];
      // The initiator's IQN is not a modelled property; the model's element API writes it in schema order.
      p.ensure(['source', 'initiator', 'iqn']).setAttr('name', 'iqn.2000-01.invalid:initiator');
    },
  },
  scsi: {
    sourceFormats: [],
    deleteMeans: onHost,
    minimal: (p) => {
      p.adapterType = 'scsi_host';
      p.adapterName = 'host0';
      target(p);
    },
  },
  mpath: { sourceFormats: [], deleteMeans: onHost, minimal: target },
  rbd: { sourceFormats: [], deleteMeans: onNetwork, minimal: hostAndName },
  sheepdog: { sourceFormats: [], deleteMeans: onNetwork, minimal: hostAndName },
  gluster: {
    sourceFormats: [],
    deleteMeans: onNetwork,
    minimal: (p) => {
      host(p);
      p.sourceName = 'probe';
      p.sourceDir = '/';
    },
  },
  zfs: { sourceFormats: [], deleteMeans: onHost, minimal: (p) => (p.sourceName = 'probe') },
  vstorage: {
    sourceFormats: [],
    deleteMeans: onNetwork,
    minimal: (p) => {
      p.sourceName = 'probe';
      target(p);
    },
  },
};

/** The types storagePools.define takes a spec of. */
export const DEFINABLE: ReadonlySet<PoolType> = new Set(['dir', 'fs', 'netfs', 'logical', 'iscsi']);

/** The table's entry of a type as libvirt names it, or undefined for a type this table does not know. */
export function poolTypeInfo(type: string): PoolTypeInfo | undefined {
  return Object.hasOwn(POOL_TYPE_INFO, type) ? POOL_TYPE_INFO[type as PoolType] : undefined;
}
