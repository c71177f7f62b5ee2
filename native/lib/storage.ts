import { native, type StoragePoolHandle, type StoragePoolInfo, type StorageVolHandle, type StorageVolInfo } from './binding.js';
import type { Connection } from './connection.js';
import type { Stream } from './stream.js';

/** A storage pool (virStoragePoolPtr). */
export class StoragePool {
  #ident: { name: string; uuid: string } | undefined;

  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: StoragePoolHandle,
  ) {}

  async name(): Promise<string> {
    return this.#identity().name;
  }
  async UUIDString(): Promise<string> {
    return this.#identity().uuid;
  }
  /** state (StoragePoolState) and sizes in bytes. */
  info(): Promise<StoragePoolInfo> {
    return native.storagePoolInfo(this.handle);
  }
  XMLDesc(flags = 0): Promise<string> {
    return native.storagePoolXMLDesc(this.handle, flags);
  }
  build(flags = 0): Promise<number> {
    return native.storagePoolBuild(this.handle, flags);
  }
  create(flags = 0): Promise<number> {
    return native.storagePoolCreate(this.handle, flags);
  }
  destroy(): Promise<number> {
    return native.storagePoolDestroy(this.handle);
  }
  undefine(): Promise<number> {
    return native.storagePoolUndefine(this.handle);
  }
  /** Deletes the pool's underlying storage (not its definition). */
  delete(flags = 0): Promise<number> {
    return native.storagePoolDelete(this.handle, flags);
  }
  refresh(flags = 0): Promise<number> {
    return native.storagePoolRefresh(this.handle, flags);
  }
  isActive(): Promise<boolean> {
    return native.storagePoolIsActive(this.handle);
  }
  isPersistent(): Promise<boolean> {
    return native.storagePoolIsPersistent(this.handle);
  }
  autostart(): Promise<boolean> {
    return native.storagePoolGetAutostart(this.handle);
  }
  setAutostart(autostart: boolean): Promise<number> {
    return native.storagePoolSetAutostart(this.handle, autostart);
  }
  listAllVolumes(flags = 0): Promise<StorageVolume[]> {
    return native.storagePoolListAllVolumes(this.handle, flags).then((hs) => hs.map((h) => new StorageVolume(this.conn, h)));
  }
  storageVolLookupByName(name: string): Promise<StorageVolume> {
    return native.storagePoolVolLookupByName(this.handle, name).then((h) => new StorageVolume(this.conn, h));
  }
  createXML(xml: string, flags = 0): Promise<StorageVolume> {
    return native.storagePoolCreateVolXML(this.handle, xml, flags).then((h) => new StorageVolume(this.conn, h));
  }
  /** Creates a volume as a copy of cloneVol (which may live in another pool). */
  createXMLFrom(xml: string, cloneVol: StorageVolume, flags = 0): Promise<StorageVolume> {
    return native.storagePoolCreateVolXMLFrom(this.handle, xml, cloneVol?.handle, flags).then((h) => new StorageVolume(this.conn, h));
  }

  #identity(): { name: string; uuid: string } {
    this.#ident ??= native.storagePoolIdent(this.handle);
    return this.#ident;
  }
}

/** A storage volume (virStorageVolPtr). */
export class StorageVolume {
  #ident: { name: string; key: string } | undefined;

  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: StorageVolHandle,
  ) {}

  async name(): Promise<string> {
    return this.#identity().name;
  }
  async key(): Promise<string> {
    return this.#identity().key;
  }
  path(): Promise<string> {
    return native.storageVolPath(this.handle);
  }
  /** type (StorageVolType) and sizes in bytes. */
  info(): Promise<StorageVolInfo> {
    return native.storageVolInfo(this.handle);
  }
  XMLDesc(flags = 0): Promise<string> {
    return native.storageVolXMLDesc(this.handle, flags);
  }
  delete(flags = 0): Promise<number> {
    return native.storageVolDelete(this.handle, flags);
  }
  wipe(flags = 0): Promise<number> {
    return native.storageVolWipe(this.handle, flags);
  }
  resize(capacity: number | bigint, flags = 0): Promise<number> {
    return native.storageVolResize(this.handle, capacity, flags);
  }
  /** Attaches stream for writing into the volume; write the data to it, then it finishes on end(). */
  upload(stream: Stream, offset: number | bigint = 0, length: number | bigint = 0, flags = 0): Promise<number> {
    return native.storageVolUpload(this.handle, stream?.handle, offset, length, flags);
  }
  /** Attaches stream for reading the volume; read it to its end. */
  download(stream: Stream, offset: number | bigint = 0, length: number | bigint = 0, flags = 0): Promise<number> {
    return native.storageVolDownload(this.handle, stream?.handle, offset, length, flags);
  }

  #identity(): { name: string; key: string } {
    this.#ident ??= native.storageVolIdent(this.handle);
    return this.#ident;
  }
}
