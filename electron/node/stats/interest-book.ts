// What the windows show, as leases: each window (watcher) declares its interests and renews
// them; a window that closes or crashes simply stops renewing. The union per host decides
// what is sampled: a host no window watches is not sampled at all.
import type { ConnectionId } from '../../common/api/connections.js';
import type { StatsInterest } from '../../common/api/stats.js';
import type { Timers } from '../connections/manager.js';

export interface HostInterest {
  /** Every VM, or these. */
  rows: 'all' | Set<string>;
  detail: Set<string>;
  host: boolean;
}

export class InterestBook {
  readonly #leases = new Map<string, { interests: StatsInterest[]; until: number }>();
  #expiry: unknown;

  constructor(
    private readonly timers: Timers,
    readonly leaseMs: number,
    /** Called whenever the union may have changed. */
    private readonly changed: () => void,
  ) {}

  declare(watcher: string, interests: StatsInterest[]): void {
    if (interests.length === 0) this.#leases.delete(watcher);
    else this.#leases.set(watcher, { interests, until: this.timers.now() + this.leaseMs });
    this.#scheduleExpiry();
    this.changed();
  }

  /** The union of live leases for each watched host. */
  union(): Map<ConnectionId, HostInterest> {
    const now = this.timers.now();
    const out = new Map<ConnectionId, HostInterest>();
    for (const { interests, until } of this.#leases.values()) {
      if (until <= now) continue;
      for (const i of interests) {
        let h = out.get(i.connection);
        if (!h) out.set(i.connection, (h = { rows: new Set(), detail: new Set(), host: false }));
        if (i.rows === 'all') h.rows = 'all';
        else if (h.rows !== 'all') for (const u of i.rows) h.rows.add(u);
        for (const u of i.detail) h.detail.add(u);
        h.host ||= i.host;
      }
    }
    return out;
  }

  dispose(): void {
    if (this.#expiry !== undefined) this.timers.clearTimeout(this.#expiry);
    this.#expiry = undefined;
  }

  // One timer for the next lease to lapse: it drops the lapsed ones and says so.
  #scheduleExpiry(): void {
    this.dispose();
    const now = this.timers.now();
    let next = Infinity;
    for (const [w, l] of this.#leases) {
      if (l.until <= now) this.#leases.delete(w);
      else next = Math.min(next, l.until);
    }
    if (next === Infinity) return;
    this.#expiry = this.timers.setTimeout(() => {
      this.#expiry = undefined;
      this.#scheduleExpiry();
      this.changed();
    }, next - now);
  }
}
