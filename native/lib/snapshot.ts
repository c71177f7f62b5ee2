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
  async getParent(flags = 0): Promise<DomainSnapshot> {
    return new DomainSnapshot(this.domain, await native.snapshotParent(this.handle, flags));
  }
  isCurrent(flags = 0): Promise<boolean> {
    return native.snapshotIsCurrent(this.handle, flags);
  }
  async listAllChildren(flags = 0): Promise<DomainSnapshot[]> {
    return (await native.snapshotListAllChildren(this.handle, flags)).map((h) => new DomainSnapshot(this.domain, h));
  }
  delete(flags = 0): Promise<number> {
    return native.snapshotDelete(this.handle, flags);
  }
}
