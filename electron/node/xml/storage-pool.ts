// The storage pool model: libvirt's <pool> as properties bound to its XML (virtinst's
// storage.py StoragePool): type, sizes, where its storage comes from (host, directory, device,
// name, format, SCSI adapter) and where volumes appear (target path, permissions). What is not
// modelled (auth, initiator, features, namespaced mount or config options) stays untouched.
import { XmlObject, bindProps, p, type SchemaOrder } from './binding.js';
import { clearUnitWithValue } from './sized.js';
import { XmlDocument } from './document.js';
import { unitBytes } from './domain.js';

export const POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage'] as const;
export type PoolType = (typeof POOL_TYPES)[number];

// libvirt's formatter order (storage_conf.c: virStoragePoolDefFormatBuf, virStoragePoolSourceFormat).
const POOL_ORDER: SchemaOrder = {
  '': ['name', 'uuid', 'capacity', 'allocation', 'available', 'features', 'source', 'target', 'refresh'],
  source: ['host', 'device', 'dir', 'adapter', 'name', 'initiator', 'format', 'auth', 'protocol', 'vendor', 'product'],
  target: ['path', 'permissions'],
  'target/permissions': ['mode', 'owner', 'group', 'label'],
};

export class StoragePool extends XmlObject {
  declare type: PoolType | undefined;
  declare name: string | undefined;
  declare uuid: string | undefined;
  declare capacity: number | undefined;
  declare capacityUnit: string | undefined;
  declare allocation: number | undefined;
  declare allocationUnit: string | undefined;
  declare available: number | undefined;
  declare availableUnit: string | undefined;
  declare sourceHost: string | undefined;
  declare sourceHostPort: number | undefined;
  declare sourceDir: string | undefined;
  /** Every <source><device path>: a disk pool has one, a logical pool may span several. */
  declare sourceDevices: readonly string[] | undefined;
  declare sourceName: string | undefined;
  declare sourceFormat: string | undefined;
  declare sourceProtocolVersion: string | undefined;
  declare adapterType: 'scsi_host' | 'fc_host' | undefined;
  declare adapterName: string | undefined;
  declare adapterParent: string | undefined;
  declare adapterWwnn: string | undefined;
  declare adapterWwpn: string | undefined;
  declare targetPath: string | undefined;
  declare targetMode: string | undefined;
  declare targetOwner: number | undefined;
  declare targetGroup: number | undefined;
  declare targetLabel: string | undefined;

  static parse(xml: string): StoragePool {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'pool') throw new Error(`Not a storage pool definition: the root element is <${doc.root.name}>.`);
    return new StoragePool(doc, doc.root);
  }

  /** A new pool of this type and name, to be filled in through its properties. */
  static create(type: PoolType, name: string): StoragePool {
    const doc = XmlDocument.create('pool');
    const pool = new StoragePool(doc, doc.root);
    pool.type = type;
    pool.name = name;
    return pool;
  }

  protected override schemaOrder(): SchemaOrder {
    return POOL_ORDER;
  }

  /** Sizes in bytes, from the value and its unit (libvirt writes bytes; input may use any unit). */
  get capacityBytes(): number | undefined {
    return scaled(this.capacity, this.capacityUnit);
  }
  get allocationBytes(): number | undefined {
    return scaled(this.allocation, this.allocationUnit);
  }
  get availableBytes(): number | undefined {
    return scaled(this.available, this.availableUnit);
  }
}
bindProps(StoragePool, [
  p.enum('type', './@type', POOL_TYPES),
  p.str('name', './name'),
  p.str('uuid', './uuid'),
  p.int('capacity', './capacity'),
  p.str('capacityUnit', './capacity/@unit'),
  p.int('allocation', './allocation'),
  p.str('allocationUnit', './allocation/@unit'),
  p.int('available', './available'),
  p.str('availableUnit', './available/@unit'),
  p.str('sourceHost', './source/host/@name'),
  p.int('sourceHostPort', './source/host/@port'),
  p.str('sourceDir', './source/dir/@path'),
  p.list('sourceDevices', './source/device/@path'),
  p.str('sourceName', './source/name'),
  p.str('sourceFormat', './source/format/@type'),
  p.str('sourceProtocolVersion', './source/protocol/@ver'),
  p.enum('adapterType', './source/adapter/@type', ['scsi_host', 'fc_host']),
  p.str('adapterName', './source/adapter/@name'),
  p.str('adapterParent', './source/adapter/@parent'),
  p.str('adapterWwnn', './source/adapter/@wwnn'),
  p.str('adapterWwpn', './source/adapter/@wwpn'),
  p.str('targetPath', './target/path'),
  p.str('targetMode', './target/permissions/mode'),
  p.int('targetOwner', './target/permissions/owner'),
  p.int('targetGroup', './target/permissions/group'),
  p.str('targetLabel', './target/permissions/label'),
]);
clearUnitWithValue(StoragePool, [
  ['capacity', 'capacityUnit'],
  ['allocation', 'allocationUnit'],
  ['available', 'availableUnit'],
]);

/** A size in bytes from libvirt's value and unit (bytes when no unit), or undefined. */
export function scaled(value: number | undefined, unit: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const per = unitBytes(unit ?? 'bytes');
  return per === undefined ? undefined : value * per;
}
