// Resolves the contract's refs to libvirt objects on their connection, with one uniform
// `not-found` error per kind in words, so no service words "no such VM" its own way.
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

/** Turns libvirt's "no such object" into the contract's not-found; passes anything else on. */
async function resolve<T>(lookup: Promise<T>, missing: number, words: MessageRef): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof libvirt.LibvirtError && err.code === missing) throw new ApiError('not-found', words, { libvirtCode: err.code });
    throw err;
  }
}

export class ObjectRegistry {
  constructor(private readonly connections: ConnectionSource) {}

  domain(ref: DomainRef): Promise<libvirt.Domain> {
    return resolve(this.connections.connection(ref.connection).lookupByUUIDString(ref.uuid), E.NO_DOMAIN, msg('objects.domainGone'));
  }

  network(ref: NetworkRef): Promise<libvirt.Network> {
    return resolve(this.connections.connection(ref.connection).networkLookupByUUIDString(ref.uuid), E.NO_NETWORK, msg('objects.networkGone'));
  }

  pool(ref: PoolRef): Promise<libvirt.StoragePool> {
    return resolve(this.connections.connection(ref.connection).storagePoolLookupByUUIDString(ref.uuid), E.NO_STORAGE_POOL, msg('objects.poolGone'));
  }

  /** A pool by name (volumes name their pool so). */
  poolByName(connection: ConnectionId, name: string): Promise<libvirt.StoragePool> {
    return resolve(this.connections.connection(connection).storagePoolLookupByName(name), E.NO_STORAGE_POOL, msg('objects.noPoolNamed', { name }));
  }

  async volume(ref: VolumeRef): Promise<libvirt.StorageVolume> {
    const pool = await this.poolByName(ref.connection, ref.pool);
    return resolve(pool.storageVolLookupByName(ref.name), E.NO_STORAGE_VOL, msg('objects.noVolumeNamed', { pool: ref.pool, name: ref.name }));
  }
}
