// Follows one kind of libvirt object (networks, storage pools) on every open connection and
// says when one changed or went away. libvirt's events drive it where the driver has them; an
// event only means "re-read that object", and the fresh row is what is emitted. A driver without
// these events is listed and diffed every pollMs instead (as DomainService does for domains).
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import type { ConnectionManager, Timers } from '../connections/manager.js';
import { realTimers } from '../connections/manager.js';
import type { WatchOptions } from './watch-options.js';

export interface WatchedKind<S> {
  /** For the log: "networks", "storage pools". */
  what: string;
  /** Every object of the kind, as its list method gives them. */
  list(conn: libvirt.Connection): Promise<S[]>;
  uuidOf(row: S): string;
  /**
   * Registers for the driver's events on this connection; `touched` is called with the object's
   * UUID and a reader of its fresh row. Rejects with NO_SUPPORT when the driver has none.
   */
  subscribe(conn: libvirt.Connection, touched: (uuid: string, read: () => Promise<S>) => void): Promise<void>;
  /** The error a reader throws when the object no longer exists. */
  isGone(err: unknown): boolean;
}

export interface WatchSink<S> {
  changed(connection: ConnectionId, row: S): void;
  removed(connection: ConnectionId, uuid: string): void;
}

const E = libvirt.ErrorNumber;

export class ObjectWatcher<S> {
  /** Per connection: uuid -> the row last listed (JSON), for the polling diff. */
  readonly #known = new Map<ConnectionId, Map<string, string>>();
  readonly #pollers = new Map<ConnectionId, unknown>();
  /** One re-read at a time per object, so a later event's row is never overtaken by an earlier one's. */
  readonly #rereads = new Map<string, Promise<void>>();

  private readonly log: (msg: string) => void;
  private readonly timers: Timers;
  private readonly pollMs: number;
  private readonly watchMode: 'events' | 'poll';

  constructor(
    connections: ConnectionManager,
    private readonly kind: WatchedKind<S>,
    private readonly sink: WatchSink<S>,
    options: WatchOptions = {},
  ) {
    this.log = options.log ?? (() => {});
    this.timers = options.timers ?? realTimers;
    this.pollMs = options.pollMs ?? 2000;
    this.watchMode = options.watchMode ?? 'events';
    connections.onConnected((id, conn) => void this.#watch(id, conn));
    connections.onRemoved((id) => {
      this.#stopPolling(id);
      this.#known.delete(id);
    });
    connections.onChange((info) => {
      if (info.state !== 'connected') this.#stopPolling(info.id);
    });
  }

  async #watch(connection: ConnectionId, conn: libvirt.Connection): Promise<void> {
    if (this.watchMode === 'events') {
      try {
        await this.kind.subscribe(conn, (uuid, read) => this.#reread(connection, uuid, read));
        return;
      } catch (err) {
        const noEvents = err instanceof libvirt.LibvirtError && (err.code === E.NO_SUPPORT || err.code === E.ARGUMENT_UNSUPPORTED);
        // A link that died meanwhile is the connection manager's business (it reconnects, and this runs again).
        if (!noEvents) return;
        this.log(`${this.kind.what}: the driver has no events for them; polling every ${this.pollMs} ms`);
      }
    }
    await this.#diff(connection, conn, false).catch(() => undefined);
    this.#poll(connection, conn);
  }

  #reread(connection: ConnectionId, uuid: string, read: () => Promise<S>): void {
    const key = `${connection}\n${uuid}`;
    const run = (this.#rereads.get(key) ?? Promise.resolve()).then(async () => {
      try {
        this.sink.changed(connection, await read());
      } catch (err) {
        if (this.kind.isGone(err)) this.sink.removed(connection, uuid);
        // else: the connection failed; its state says so, and a reconnect re-subscribes
      }
    });
    this.#rereads.set(key, run);
    void run.finally(() => {
      if (this.#rereads.get(key) === run) this.#rereads.delete(key);
    });
  }

  async #diff(connection: ConnectionId, conn: libvirt.Connection, emit: boolean): Promise<void> {
    const before = this.#known.get(connection) ?? new Map<string, string>();
    const now = new Map<string, string>();
    for (const row of await this.kind.list(conn)) {
      const uuid = this.kind.uuidOf(row);
      const json = JSON.stringify(row);
      now.set(uuid, json);
      if (emit && before.get(uuid) !== json) this.sink.changed(connection, row);
    }
    if (emit) for (const uuid of before.keys()) if (!now.has(uuid)) this.sink.removed(connection, uuid);
    this.#known.set(connection, now);
  }

  // Chained, never two in flight; stops when the connection closes or is lost.
  #poll(connection: ConnectionId, conn: libvirt.Connection): void {
    const tick = async () => {
      try {
        await this.#diff(connection, conn, true);
      } catch {
        // not connected any more: the connection's own state says so
      }
      if (this.#pollers.has(connection)) this.#pollers.set(connection, this.timers.setTimeout(tick, this.pollMs));
    };
    this.#pollers.set(connection, this.timers.setTimeout(tick, this.pollMs));
  }

  #stopPolling(connection: ConnectionId): void {
    const h = this.#pollers.get(connection);
    if (h !== undefined) this.timers.clearTimeout(h);
    this.#pollers.delete(connection);
  }
}
