// Live figures for the windows: a sampler per connected host that someone watches, started
// and stopped as interests (leases) come and go, and history on request.
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import { HOST_FIELDS, VM_HISTORY_FIELDS, type StatsHistory, type StatsInterest, type statsApi } from '../../common/api/stats.js';
import { realTimers, type ConnectionManager, type Timers } from '../connections/manager.js';
import type { DomainService } from '../domains/service.js';
import { ConnectionSampler } from './connection-sampler.js';
import { InterestBook } from './interest-book.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;

export class StatsService implements NamespaceImpl<typeof statsApi> {
  readonly #samplers = new Map<ConnectionId, ConnectionSampler>();
  readonly #book: InterestBook;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly domains: DomainService,
    private readonly intervalMs: () => number,
    private readonly emit: Emit,
    private readonly timers: Timers = realTimers,
    private readonly log: (msg: string) => void = () => {},
    leaseMs = 6000,
  ) {
    this.#book = new InterestBook(timers, leaseMs, () => this.#reconcile());
    connections.onConnected(() => this.#reconcile());
    connections.onChange((info) => {
      if (info.state !== 'connected') this.#drop(info.id);
    });
    connections.onRemoved((id) => this.#drop(id));
  }

  /** Declares a window's interests; says which of its hosts are failing now (the event says it once). */
  watch({ watcher, interests }: { watcher: string; interests: StatsInterest[] }): { leaseMs: number; failing: { connection: ConnectionId; message: string }[] } {
    this.#book.declare(watcher, interests);
    const failing = interests.flatMap((i) => {
      const message = this.#samplers.get(i.connection)?.failure;
      return message === undefined ? [] : [{ connection: i.connection, message }];
    });
    return { leaseMs: this.#book.leaseMs, failing };
  }

  history({ connection, uuid, seconds }: { connection: ConnectionId; uuid: string | null; seconds: number }): StatsHistory {
    this.connections.get(connection); // not-found for an unknown connection
    const sampler = this.#samplers.get(connection);
    if (sampler) return sampler.history(uuid, seconds);
    this.connections.connection(connection); // not-connected for a host that is not open
    return { times: [], fields: uuid === null ? HOST_FIELDS : VM_HISTORY_FIELDS, values: [] };
  }

  /** The sampler of a connected host (created on demand; not started). */
  sampler(connection: ConnectionId): ConnectionSampler {
    let s = this.#samplers.get(connection);
    if (s) return s;
    const conn = this.connections.connection(connection);
    s = new ConnectionSampler({
      connection,
      conn,
      timers: this.timers,
      intervalMs: this.intervalMs,
      interest: () => this.#book.union().get(connection),
      vcpusOf: (uuid) => this.domains.cached(connection, uuid)?.vcpus,
      emit: (tick) => this.emit('stats.tick', tick),
      failing: (message) => {
        this.log(message === null ? `stats: ${connection} samples again` : `stats: sampling ${connection} failed: ${message}`);
        this.emit('stats.failing', { connection, message });
      },
    });
    this.#samplers.set(connection, s);
    return s;
  }

  dispose(): void {
    this.#book.dispose();
    for (const id of [...this.#samplers.keys()]) this.#drop(id);
  }

  #reconcile(): void {
    const union = this.#book.union();
    for (const info of this.connections.list()) {
      if (info.state !== 'connected') continue;
      if (union.has(info.id)) this.sampler(info.id).start();
      else this.#samplers.get(info.id)?.stop();
    }
  }

  #drop(id: ConnectionId): void {
    this.#samplers.get(id)?.stop();
    this.#samplers.delete(id);
  }
}
