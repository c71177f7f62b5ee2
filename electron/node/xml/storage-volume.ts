// The storage volume model: libvirt's <volume> as properties bound to its XML (virtinst's
// storage.py StorageVolume): name, key, sizes with their units, the target path and format,
// and the backing image of an overlay. Encryption, features, timestamps and extents are kept.
import { XmlObject, bindProps, p, type SchemaOrder } from './binding.js';
import { clearUnitWithValue } from './sized.js';
import { XmlDocument } from './document.js';
import { scaled } from './storage-pool.js';

// libvirt's formatter order (storage_conf.c: virStorageVolDefFormat, virStorageVolTargetDefFormat).
const TARGET_ORDER = ['path', 'format', 'permissions', 'timestamps', 'encryption', 'compat', 'clusterSize', 'nocow', 'features'];
const VOLUME_ORDER: SchemaOrder = {
  '': ['name', 'key', 'source', 'capacity', 'allocation', 'physical', 'target', 'backingStore'],
  target: TARGET_ORDER,
  backingStore: TARGET_ORDER,
};

export class StorageVolume extends XmlObject {
  declare type: string | undefined;
  declare name: string | undefined;
  declare key: string | undefined;
  declare capacity: number | undefined;
  declare capacityUnit: string | undefined;
  declare allocation: number | undefined;
  declare allocationUnit: string | undefined;
  declare targetPath: string | undefined;
  declare targetFormat: string | undefined;
  declare targetCompat: string | undefined;
  declare targetNocow: boolean | undefined;
  declare backingPath: string | undefined;
  declare backingFormat: string | undefined;

  static parse(xml: string): StorageVolume {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'volume') throw new Error(`Not a storage volume definition: the root element is <${doc.root.name}>.`);
    return new StorageVolume(doc, doc.root);
  }

  /**
   * A new volume of `bytes` capacity; with `backing`, a qcow2 overlay whose reads fall through
   * to that image.
   */
  static create(spec: { name: string; bytes: number; format: string; allocationBytes?: number; backing?: { path: string; format: string } }): StorageVolume {
    const doc = XmlDocument.create('volume');
    const vol = new StorageVolume(doc, doc.root);
    vol.name = spec.name;
    vol.capacityBytes = spec.bytes;
    if (spec.allocationBytes !== undefined) vol.allocationBytes = spec.allocationBytes;
    vol.targetFormat = spec.format;
    if (spec.backing) {
      vol.backingPath = spec.backing.path;
      vol.backingFormat = spec.backing.format;
    }
    return vol;
  }

  protected override schemaOrder(): SchemaOrder {
    return VOLUME_ORDER;
  }

  /** The capacity in bytes; setting it writes `unit='bytes'`, so an old unit cannot rescale it. */
  get capacityBytes(): number | undefined {
    return scaled(this.capacity, this.capacityUnit);
  }
  set capacityBytes(bytes: number | undefined) {
    this.capacity = bytes === undefined ? undefined : Math.round(bytes);
    this.capacityUnit = bytes === undefined ? undefined : 'bytes';
  }

  get allocationBytes(): number | undefined {
    return scaled(this.allocation, this.allocationUnit);
  }
  set allocationBytes(bytes: number | undefined) {
    this.allocation = bytes === undefined ? undefined : Math.round(bytes);
    this.allocationUnit = bytes === undefined ? undefined : 'bytes';
  }
}
bindProps(StorageVolume, [
  p.str('type', './@type'),
  p.str('name', './name'),
  p.str('key', './key'),
  p.int('capacity', './capacity'),
  p.str('capacityUnit', './capacity/@unit'),
  p.int('allocation', './allocation'),
  p.str('allocationUnit', './allocation/@unit'),
  p.str('targetPath', './target/path'),
  p.str('targetFormat', './target/format/@type'),
  p.str('targetCompat', './target/compat'),
  p.flag('targetNocow', './target/nocow'),
  p.str('backingPath', './backingStore/path'),
  p.str('backingFormat', './backingStore/format/@type'),
]);
clearUnitWithValue(StorageVolume, [
  ['capacity', 'capacityUnit'],
  ['allocation', 'allocationUnit'],
]);
