import { native, type SnapshotHandle } from './binding.js';
import type { Domain } from './domain.js';

/** A domain snapshot (virDomainSnapshotPtr). */
export class DomainSnapshot {
  /** @internal */
  constructor(
    readonly domain: Domain,
    readonly handle: SnapshotHandle,
  ) {}

  async getName(): Promise<string> {
    return native.snapshotIdent(this.handle).name;
  }
  getXMLDesc(flags = 0): Promise<string> {
    return native.snapshotXMLDesc(this.handle, flags);
  }
  getParent(flags = 0): Promise<DomainSnapshot> {
    return native.snapshotParent(this.handle, flags).then((h) => new DomainSnapshot(this.domain, h));
  }
  isCurrent(flags = 0): Promise<boolean> {
    return native.snapshotIsCurrent(this.handle, flags);
  }
  listAllChildren(flags = 0): Promise<DomainSnapshot[]> {
    return native.snapshotListAllChildren(this.handle, flags).then((hs) => hs.map((h) => new DomainSnapshot(this.domain, h)));
  }
  delete(flags = 0): Promise<number> {
    return native.snapshotDelete(this.handle, flags);
  }
}
