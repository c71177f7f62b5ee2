// The snapshot model: libvirt's <domainsnapshot> as properties bound to its XML (virtinst's
// domainsnapshot.py): name, description, state, creation time, parent, the memory image and the
// per-disk choices. The saved <domain> inside a snapshot is reachable as a document element and
// is never rewritten by this model.
import { XmlObject, bindProps, p, type SchemaOrder } from './binding.js';
import { appendChild, childObjects, removeChild } from './children.js';
import { XmlDocument, type XmlElement } from './document.js';

export const SNAPSHOT_STATES = ['running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended', 'disk-snapshot'] as const;
export const SNAPSHOT_MODES = ['internal', 'external', 'no', 'manual'] as const;
export type SnapshotMode = (typeof SNAPSHOT_MODES)[number];

// libvirt's formatter order (snapshot_conf.c, virDomainSnapshotDefFormatInternal).
const SNAPSHOT_ORDER: SchemaOrder = {
  '': ['name', 'description', 'state', 'parent', 'creationTime', 'memory', 'disks', 'domain', 'inactiveDomain', 'cookie', 'active'],
};

export class Snapshot extends XmlObject {
  declare name: string | undefined;
  declare description: string | undefined;
  declare state: string | undefined;
  declare creationTime: number | undefined;
  declare parent: string | undefined;
  declare memorySnapshot: SnapshotMode | undefined;
  declare memoryFile: string | undefined;

  static parse(xml: string): Snapshot {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'domainsnapshot') throw new Error(`Not a snapshot definition: the root element is <${doc.root.name}>.`);
    return new Snapshot(doc, doc.root);
  }

  /** A new snapshot request; libvirt names it by the time when no name is set. */
  static create(name?: string): Snapshot {
    const doc = XmlDocument.create('domainsnapshot');
    const snap = new Snapshot(doc, doc.root);
    if (name !== undefined) snap.name = name;
    return snap;
  }

  protected override schemaOrder(): SchemaOrder {
    return SNAPSHOT_ORDER;
  }

  get disks(): SnapshotDisk[] {
    return childObjects(this, ['disks'], 'disk', (el) => new SnapshotDisk(this.doc, el));
  }

  /** Says what to do with one disk (by target name, e.g. vda): internal, external, or no snapshot. */
  addDisk(name: string, snapshot?: SnapshotMode): SnapshotDisk {
    const d = new SnapshotDisk(this.doc, appendChild(this, ['disks'], 'disk', SNAPSHOT_ORDER['']!));
    d.name = name;
    if (snapshot !== undefined) d.snapshot = snapshot;
    return d;
  }

  removeDisk(disk: SnapshotDisk): void {
    removeChild(this, disk.el);
  }

  /** The domain definition saved with the snapshot (absent in a request), as it is. */
  get domainElement(): XmlElement | undefined {
    return this.el.element('domain');
  }
}
bindProps(Snapshot, [
  p.str('name', './name'),
  p.str('description', './description'),
  p.enum('state', './state', SNAPSHOT_STATES),
  p.int('creationTime', './creationTime'),
  p.str('parent', './parent/name'),
  p.enum('memorySnapshot', './memory/@snapshot', SNAPSHOT_MODES),
  p.str('memoryFile', './memory/@file'),
]);

/** One <disks><disk>: what the snapshot does with that disk and, when external, where to. */
export class SnapshotDisk extends XmlObject {
  declare name: string | undefined;
  declare snapshot: SnapshotMode | undefined;
  declare type: string | undefined;
  declare driverType: string | undefined;
  declare sourceFile: string | undefined;
  declare sourceDev: string | undefined;

  protected override schemaOrder(): SchemaOrder {
    return { '': ['driver', 'source'] };
  }
}
bindProps(SnapshotDisk, [
  p.str('name', './@name'),
  p.enum('snapshot', './@snapshot', SNAPSHOT_MODES),
  p.enum('type', './@type', ['file', 'block', 'network', 'dir', 'volume', 'nvme', 'vhostuser']),
  p.str('driverType', './driver/@type'),
  p.str('sourceFile', './source/@file'),
  p.str('sourceDev', './source/@dev'),
]);
