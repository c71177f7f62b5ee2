// The `storagePools` namespace: the host's storage pools, and the storagePool.changed/removed
// events (libvirt's pool lifecycle and refresh events, else polling). Each action resolves to
// the pool's fresh row and says so as storagePool.changed too, since libvirt has no event for
// some of them (build, autostart).
import * as libvirt from 'virtdeck/native';
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import { ApiError } from '../../common/api/errors.js';
import type { PoolRef } from '../../common/api/refs.js';
import { NEARLY_FULL, type PoolCapabilities, type PoolSpace, type PoolSummary, type storagePoolsApi } from '../../common/api/storage-pools.js';
import { msg, type MessageRef } from '../../common/messages/messages.js';
import type { ConnectionManager } from '../connections/manager.js';
import { ObjectWatcher, type WatchedKind } from '../objects/object-watcher.js';
import type { WatchOptions } from '../objects/watch-options.js';
import { isNotFound, ObjectRegistry } from '../objects/registry.js';
import { poolCapabilities } from './pool-capabilities.js';
import { poolXml, type ValidPoolSpec } from './pool-spec.js';
import { poolTypeInfo } from './pool-types.js';
import { listPools, poolSummary } from './pools.js';
import { readPoolVolumes } from './volumes.js';
import { usersOf, vmDisks, vmNames, vmsNamingPool } from './volume-users.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;

const pools: WatchedKind<PoolSummary> = {
  what: 'storage pools',
  list: listPools,
  uuidOf: (row) => row.uuid,
  async subscribe(conn, touched) {
    const reread = (pool: libvirt.StoragePool) => void pool.UUIDString().then((uuid) => touched(uuid, () => poolSummary(pool)));
    await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.LIFECYCLE, reread);
    // Sizes change on refresh; optional, as older drivers lack this event.
    await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.REFRESH, reread).catch(() => undefined);
  },
  isGone: isNotFound,
};

/** A libvirt failure's own words, as a parameter of a message that says what it stopped. */
function reasonOf(err: unknown): string {
  return err instanceof ApiError || err instanceof libvirt.LibvirtError ? err.message : String(err);
}

export class StoragePoolService implements NamespaceImpl<typeof storagePoolsApi> {
  readonly #objects: ObjectRegistry;
  readonly #log: (msg: string) => void;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly emit?: Emit,
    options: WatchOptions = {},
  ) {
    this.#objects = new ObjectRegistry(connections);
    this.#log = options.log ?? (() => {});
    if (emit) {
      new ObjectWatcher(
        connections,
        pools,
        {
          changed: (connection, pool) => emit('storagePool.changed', { connection, pool }),
          removed: (connection, uuid) => emit('storagePool.removed', { connection, uuid }),
        },
        options,
      );
    }
  }

  list({ connection }: { connection: ConnectionId }): Promise<PoolSummary[]> {
    return listPools(this.connections.connection(connection));
  }

  capabilities({ connection }: { connection: ConnectionId }): Promise<PoolCapabilities> {
    return poolCapabilities(this.connections.connection(connection), this.#log);
  }

  async define(p: { connection: ConnectionId; spec: ValidPoolSpec; build: boolean; start: boolean; autostart: boolean }): Promise<PoolSummary> {
    const conn = this.connections.connection(p.connection);
    const pool = await conn.storagePoolDefineXML(poolXml(p.spec));
    const build = poolTypeInfo(p.spec.type)?.build;
    let step: MessageRef = msg('storage.pool.step.build');
    try {
      // A type with nothing to build (iscsi) skips that step.
      if (p.build && build) await pool.build(build.safe);
      step = msg('storage.pool.step.start');
      if (p.start) await pool.create();
      step = msg('storage.pool.step.autostart');
      if (p.autostart) await pool.setAutostart(true);
    } catch (err) {
      // The pool was not set up as asked: it goes again, so a retry starts from nothing.
      if (await pool.isActive().catch(() => false)) await pool.destroy().catch(() => 0);
      await pool.undefine().catch((e: Error) => this.#log(`storage: undefining the pool ${p.spec.name} after a failed set-up failed: ${e.message}`));
      throw new ApiError('operation-failed', msg('storage.pool.defineFailed', { name: p.spec.name, step, reason: reasonOf(err) }), {
        libvirtCode: err instanceof libvirt.LibvirtError ? err.code : undefined,
      });
    }
    this.#log(`storage: defined the ${p.spec.type} pool ${p.spec.name}`);
    return this.#changed(p.connection, pool);
  }

  async build({ ref, overwrite }: { ref: PoolRef; overwrite: boolean }): Promise<PoolSummary> {
    const pool = await this.#objects.pool(ref);
    const { type } = await poolSummary(pool);
    const build = poolTypeInfo(type)?.build;
    if (!build) throw new ApiError('invalid-input', msg('storage.pool.nothingToBuild', { type }));
    await pool.build(overwrite ? build.overwrite : build.safe);
    return this.#changed(ref.connection, pool);
  }

  async start({ ref }: { ref: PoolRef }): Promise<PoolSummary> {
    const pool = await this.#objects.pool(ref);
    await pool.create();
    return this.#changed(ref.connection, pool);
  }

  async stop({ ref }: { ref: PoolRef }): Promise<PoolSummary> {
    const pool = await this.#objects.pool(ref);
    const before = await poolSummary(pool);
    await pool.destroy();
    try {
      return await this.#changed(ref.connection, pool);
    } catch (err) {
      // A transient pool is gone once stopped (storagePool.removed says so): its last row, stopped.
      if (!isNotFound(err)) throw err;
      return { ...before, state: 'inactive', active: false, capacity: 0, allocation: 0, available: 0 };
    }
  }

  async refresh({ ref }: { ref: PoolRef }): Promise<PoolSummary> {
    const pool = await this.#objects.pool(ref);
    await pool.refresh();
    return this.#changed(ref.connection, pool);
  }

  async setAutostart({ ref, autostart }: { ref: PoolRef; autostart: boolean }): Promise<PoolSummary> {
    const pool = await this.#objects.pool(ref);
    await pool.setAutostart(autostart);
    return this.#changed(ref.connection, pool);
  }

  async delete({ ref, deleteContents }: { ref: PoolRef; deleteContents: boolean }): Promise<void> {
    const conn = this.connections.connection(ref.connection);
    const pool = await this.#objects.pool(ref);
    const [summary, vms] = await Promise.all([poolSummary(pool), vmDisks(conn)]);
    const naming = vmsNamingPool(summary.name, vms);
    if (naming.length) throw new ApiError('in-use', msg('storage.pool.namedByVms', { pool: summary.name, vms: vmNames(naming) }));
    if (deleteContents) {
      if (!poolTypeInfo(summary.type)?.deleteContentsMeans) throw new ApiError('invalid-input', msg('storage.pool.cannotDeleteContents', { type: summary.type }));
      // libvirt deletes a pool's storage only while it is defined and stopped.
      if (!summary.persistent) throw new ApiError('invalid-input', msg('storage.pool.transientContents', { pool: summary.name }));
      // The volumes are known only while the pool runs.
      if (!summary.active) await pool.create();
      const vols = await readPoolVolumes(pool);
      const users = new Map(vols.flatMap((v) => usersOf(v, vms, vols)).map((u) => [u.uuid, u]));
      if (users.size) {
        // Refused: the pool is left as it was found.
        if (!summary.active) await pool.destroy().catch(() => 0);
        throw new ApiError('in-use', msg('storage.pool.volumesInUse', { pool: summary.name, vms: vmNames([...users.values()]) }));
      }
      // A dir pool's directory goes only once empty; a logical pool's delete removes the volume group with its volumes.
      if (summary.type === 'dir') for (const v of vols) await v.vol.delete();
      await pool.destroy();
      try {
        await pool.delete(0);
      } catch (err) {
        if (summary.type !== 'dir') throw err;
        throw new ApiError('operation-failed', msg('storage.pool.dirNotEmpty', { pool: summary.name, path: summary.path ?? '', detail: reasonOf(err) }), {
          libvirtCode: err instanceof libvirt.LibvirtError ? err.code : undefined,
        });
      }
    } else if (summary.active) {
      await pool.destroy();
    }
    // A transient pool went with its stop.
    if (summary.persistent) await pool.undefine();
    this.#log(`storage: deleted the pool ${summary.name}${deleteContents ? ' with its contents' : ''}`);
  }

  async space({ connection }: { connection: ConnectionId }): Promise<PoolSpace[]> {
    const conn = this.connections.connection(connection);
    const rows = await Promise.all(
      (await conn.listAllStoragePools()).map(async (pool): Promise<PoolSpace | null> => {
        try {
          const active = await pool.isActive();
          // A refresh brings the pool's own sizes and its volume list up to date.
          if (active) await pool.refresh().catch(() => 0);
          const vols = active ? await Promise.all((await pool.listAllVolumes()).map((v) => v.info().catch(() => null))) : [];
          const s = await poolSummary(pool);
          const committed = vols.reduce((sum, v) => sum + (v?.capacity ?? 0), 0);
          return {
            uuid: s.uuid,
            name: s.name,
            type: s.type,
            active: s.active,
            capacity: s.capacity,
            allocation: s.allocation,
            available: s.available,
            committed,
            volumes: vols.filter((v) => v !== null).length,
            nearlyFull: s.active && s.capacity > 0 && s.allocation / s.capacity > NEARLY_FULL,
            overCommitted: s.active && s.capacity > 0 && committed > s.capacity,
          };
        } catch (err) {
          // A pool undefined meanwhile is simply not there.
          if (isNotFound(err)) return null;
          throw err;
        }
      }),
    );
    return rows.filter((r): r is PoolSpace => r !== null).sort((a, b) => Number(b.active) - Number(a.active) || a.available - b.available || a.name.localeCompare(b.name));
  }

  /** The pool's row now, also sent as storagePool.changed (libvirt sends no event for some actions). */
  async #changed(connection: ConnectionId, pool: libvirt.StoragePool): Promise<PoolSummary> {
    const row = await poolSummary(pool);
    this.emit?.('storagePool.changed', { connection, pool: row });
    return row;
  }
}
