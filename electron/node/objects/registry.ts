// Resolves the contract's refs (and the names and paths the backend keeps: journals, pending
// removals, the wizard's pool) to libvirt objects, with one uniform `not-found` error per kind in
// words, so no service words "no such VM" its own way or mistakes a dropped link for a missing
// object. `ObjectRegistry` resolves refs of any open connection; `HostObjects` is the same on one
// libvirt connection, for code that holds one already.
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg, type MessageRef } from '../../common/messages/messages.js';
import type { DomainRef, NetworkRef, PoolRef, VolumeRef } from '../../common/api/refs.js';

export interface ConnectionSource {
  /** The open libvirt connection, or ApiError('not-connected'). */
  connection(id: ConnectionId): libvirt.Connection;
}

const E = libvirt.ErrorNumber;
/** libvirt's "no such object" codes, one per kind. */
const MISSING = new Set<number>([E.NO_DOMAIN, E.NO_NETWORK, E.NO_STORAGE_POOL, E.NO_STORAGE_VOL]);

/**
 * Whether an error says the object does not exist: the registry's not-found, or libvirt's own
 * code when the object went away between its lookup and a later call on it.
 */
export function isNotFound(err: unknown): boolean {
  return (err instanceof ApiError && err.code === 'not-found') || (err instanceof libvirt.LibvirtError && MISSING.has(err.code));
}

/** The object, or null when it does not exist; any other failure (a dropped link) still throws. */
export async function ifFound<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Turns libvirt's "no such object" into the contract's not-found; passes anything else on. */
async function resolve<T>(lookup: () => Promise<T>, missing: number, words: MessageRef): Promise<T> {
  try {
    return await lookup();
  } catch (err) {
    if (err instanceof libvirt.LibvirtError && err.code === missing) throw new ApiError('not-found', words, { libvirtCode: err.code });
    throw err;
  }
}

/** Lookups on one open libvirt connection. */
export class HostObjects {
  constructor(readonly conn: libvirt.Connection) {}

  domain(uuid: string): Promise<libvirt.Domain> {
    return resolve(() => this.conn.lookupByUUIDString(uuid), E.NO_DOMAIN, msg('objects.domainGone'));
  }

  /** By name: only for what the backend itself recorded by name (a job's journal before define). */
  domainByName(name: string): Promise<libvirt.Domain> {
    return resolve(() => this.conn.lookupByName(name), E.NO_DOMAIN, msg('objects.noDomainNamed', { name }));
  }

  network(uuid: string): Promise<libvirt.Network> {
    return resolve(() => this.conn.networkLookupByUUIDString(uuid), E.NO_NETWORK, msg('objects.networkGone'));
  }

  pool(uuid: string): Promise<libvirt.StoragePool> {
    return resolve(() => this.conn.storagePoolLookupByUUIDString(uuid), E.NO_STORAGE_POOL, msg('objects.poolGone'));
  }

  /** A pool by name (volumes name their pool so). */
  poolByName(name: string): Promise<libvirt.StoragePool> {
    return resolve(() => this.conn.storagePoolLookupByName(name), E.NO_STORAGE_POOL, msg('objects.noPoolNamed', { name }));
  }

  async volume(pool: string, name: string): Promise<libvirt.StorageVolume> {
    const p = await this.poolByName(pool);
    return resolve(() => p.storageVolLookupByName(name), E.NO_STORAGE_VOL, msg('objects.noVolumeNamed', { pool, name }));
  }

  /** The volume of any pool of the host at this path (a path that is in no pool: not-found). */
  volumeByPath(path: string): Promise<libvirt.StorageVolume> {
    return resolve(() => this.conn.storageVolLookupByPath(path), E.NO_STORAGE_VOL, msg('objects.noVolumeAtPath', { path }));
  }
}

/** Resolves refs on whichever open connection they name (not-connected when it is not open). */
export class ObjectRegistry {
  /**
   * Domain handles by connection and UUID: a handle stays valid for as long as its connection
   * (calls name the VM by UUID), so a VM looked up once costs no further round trip to its host.
   * A handle of a VM that is gone fails its calls with libvirt's not-found, as a lookup would.
   */
  readonly #domains = new WeakMap<libvirt.Connection, Map<string, Promise<libvirt.Domain>>>();

  constructor(private readonly connections: ConnectionSource) {}

  /** The lookups of one open connection. */
  on(connection: ConnectionId): HostObjects {
    return new HostObjects(this.connections.connection(connection));
  }

  domain(ref: DomainRef): Promise<libvirt.Domain> {
    let conn: libvirt.Connection;
    try {
      conn = this.connections.connection(ref.connection);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    let byUuid = this.#domains.get(conn);
    if (!byUuid) this.#domains.set(conn, (byUuid = new Map<string, Promise<libvirt.Domain>>()));
    const key = ref.uuid.toLowerCase();
    const cached = byUuid.get(key);
    if (cached) return cached;
    const lookup = new HostObjects(conn).domain(ref.uuid);
    byUuid.set(key, lookup);
    // A failed lookup is not kept: the VM may be defined later.
    lookup.catch(() => byUuid.delete(key));
    return lookup;
  }

  /** Drops a VM's handle (it was undefined): a later VM with its UUID is looked up afresh. */
  forgetDomain(ref: DomainRef): void {
    try {
      this.#domains.get(this.connections.connection(ref.connection))?.delete(ref.uuid.toLowerCase());
    } catch {
      // Not connected: its handles went with the connection.
    }
  }

  network(ref: NetworkRef): Promise<libvirt.Network> {
    return this.#on(ref.connection, (h) => h.network(ref.uuid));
  }

  pool(ref: PoolRef): Promise<libvirt.StoragePool> {
    return this.#on(ref.connection, (h) => h.pool(ref.uuid));
  }

  poolByName(connection: ConnectionId, name: string): Promise<libvirt.StoragePool> {
    return this.#on(connection, (h) => h.poolByName(name));
  }

  volume(ref: VolumeRef): Promise<libvirt.StorageVolume> {
    return this.#on(ref.connection, (h) => h.volume(ref.pool, ref.name));
  }

  // A connection that is not open rejects the promise, as a lookup that fails does.
  async #on<T>(connection: ConnectionId, lookup: (h: HostObjects) => Promise<T>): Promise<T> {
    return lookup(this.on(connection));
  }
}
