// The `snapshots` namespace and the snapshot.changed event. libvirt has no snapshot events:
// taking or deleting a snapshot of a shut-off VM (virsh snapshot-create-as, snapshot-delete)
// tells no one, and reverting to one says only "defined, from snapshot". So the VMs whose
// snapshots someone listed are followed: any lifecycle event of such a VM re-reads its list at
// once, and they are polled (chained, per connection, a bounded number of VMs) for what no event
// tells. A list that differs from the one last read is emitted whole.
//
// The lifecycle events come through DomainService (each one re-reads the VM there and is told
// to its listeners), not a registration of our own: libvirt refuses a second registration of
// the same event on a connection ("event callback already tracked"), since the binding's one
// C callback serves them all.
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import type { VirtEvents } from '../../common/api/contract.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import { ApiError } from '../../common/api/errors.js';
import type { DomainRef } from '../../common/api/refs.js';
import type { SnapshotSummary, snapshotsApi } from '../../common/api/snapshots.js';
import { realTimers, type ConnectionManager, type Timers } from '../connections/manager.js';
import { ObjectRegistry } from '../objects/registry.js';
import type { DomainService } from '../domains/service.js';
import type { WatchOptions } from '../objects/watch-options.js';
import { readSnapshots } from './snapshot-list.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;

/**
 * VMs followed per connection: the snapshot tabs a user has open are few, and each followed VM
 * costs a few libvirt calls per poll. Listing one more forgets the one listed longest ago.
 */
export const MAX_FOLLOWED = 16;

const E = libvirt.ErrorNumber;

/** The VM itself is gone (undefined): it is followed no longer; domain.removed tells the UI. */
const domainGone = (err: unknown) => (err instanceof ApiError && err.code === 'not-found') || (err instanceof libvirt.LibvirtError && err.code === E.NO_DOMAIN);

export class SnapshotService implements NamespaceImpl<typeof snapshotsApi> {
  readonly #objects: ObjectRegistry;
  /** Per connection: followed VM (uuid, lower case) -> its list as last read (JSON); the oldest listed first. */
  readonly #followed = new Map<ConnectionId, Map<string, string>>();
  readonly #polls = new Map<ConnectionId, { timer: unknown }>();
  /** One read at a time per VM, so a later read's list is never overtaken by an earlier one's. */
  readonly #reads = new Map<string, Promise<unknown>>();
  readonly #timers: Timers;
  readonly #pollMs: number;

  constructor(
    private readonly connections: ConnectionManager,
    domains: Pick<DomainService, 'onDomain'>,
    private readonly emit: Emit,
    options: WatchOptions = {},
  ) {
    this.#objects = new ObjectRegistry(connections);
    this.#timers = options.timers ?? realTimers;
    this.#pollMs = options.pollMs ?? 2000;
    // A revert is "defined, from snapshot"; an internal snapshot of a running VM pauses and
    // resumes it. Whatever the event, a followed VM's list is read again.
    domains.onDomain({
      changed: ({ ref }) => {
        if (this.#followed.get(ref.connection)?.has(ref.uuid.toLowerCase())) void this.#reread(ref.connection, ref.uuid.toLowerCase());
      },
      removed: ({ connection, uuid }) => void this.#followed.get(connection)?.delete(uuid.toLowerCase()),
    });
    // After a reconnect the lists may have changed meanwhile: the first poll sees it.
    connections.onConnected((id) => this.#startPolling(id));
    connections.onRemoved((id) => {
      this.#stopPolling(id);
      this.#followed.delete(id);
    });
    connections.onChange((info) => {
      if (info.state !== 'connected') this.#stopPolling(info.id);
    });
  }

  async list({ domain }: { domain: DomainRef }): Promise<SnapshotSummary[]> {
    const dom = await this.#objects.domain(domain);
    const uuid = (await dom.UUIDString()).toLowerCase();
    const rows = await this.#read(domain.connection, uuid, dom, true);
    return rows ?? [];
  }

  /**
   * Reads the VM's list (after any read of it under way) and emits it when it differs from the
   * last one. `follow`: start or keep following it (a list call); else only a followed VM's
   * list is kept, and null is returned for one that is not followed (any more).
   */
  #read(connection: ConnectionId, uuid: string, dom: libvirt.Domain, follow: boolean): Promise<SnapshotSummary[] | null> {
    const key = `${connection}\n${uuid}`;
    const run = (this.#reads.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        if (!follow && !this.#followed.get(connection)?.has(uuid)) return null;
        const rows = await readSnapshots(dom);
        const json = JSON.stringify(rows);
        const followed = this.#followed.get(connection) ?? new Map<string, string>();
        const before = followed.get(uuid);
        if (follow) {
          followed.delete(uuid); // re-inserted last: listed most recently
          followed.set(uuid, json);
          for (const oldest of followed.keys()) if (followed.size > MAX_FOLLOWED) followed.delete(oldest);
          this.#followed.set(connection, followed);
          this.#startPolling(connection);
        } else if (followed.has(uuid)) {
          followed.set(uuid, json);
        }
        if (before !== undefined && before !== json) this.emit('snapshot.changed', { domain: { connection, uuid }, snapshots: rows });
        return rows;
      });
    this.#reads.set(key, run);
    const forget = () => this.#reads.get(key) === run && this.#reads.delete(key);
    run.then(forget, forget);
    return run;
  }

  /** Re-reads a followed VM; stops following it when it is gone. Other failures (a lost link) wait for the next poll. */
  async #reread(connection: ConnectionId, uuid: string): Promise<void> {
    try {
      await this.#read(connection, uuid, await this.#objects.domain({ connection, uuid }), false);
    } catch (err) {
      if (domainGone(err)) this.#followed.get(connection)?.delete(uuid);
    }
  }

  // Chained, never two in flight; runs while the connection is open and has followed VMs. Each
  // run has its own state, so a run stopped mid-tick (the link dropped and came back) ends
  // there instead of going on beside the next one.
  #startPolling(connection: ConnectionId): void {
    if (this.#polls.has(connection) || !this.#followed.get(connection)?.size) return;
    if (!this.connections.list().some((c) => c.id === connection && c.state === 'connected')) return;
    const poll: { timer: unknown } = { timer: undefined };
    const live = () => this.#polls.get(connection) === poll;
    const tick = async () => {
      for (const uuid of [...(this.#followed.get(connection)?.keys() ?? [])]) {
        if (!live()) return;
        await this.#reread(connection, uuid);
      }
      if (!live()) return;
      if (this.#followed.get(connection)?.size) poll.timer = this.#timers.setTimeout(tick, this.#pollMs);
      else this.#polls.delete(connection);
    };
    this.#polls.set(connection, poll);
    poll.timer = this.#timers.setTimeout(tick, this.#pollMs);
  }

  #stopPolling(connection: ConnectionId): void {
    const poll = this.#polls.get(connection);
    if (poll) this.#timers.clearTimeout(poll.timer);
    this.#polls.delete(connection);
  }
}
