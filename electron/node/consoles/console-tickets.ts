// Single-use tickets for console bridges: random, short-lived, bound to one VM's display.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { DomainRef } from '../../common/api/domains.js';
import type { Timers } from '../connections/manager.js';
import type { GraphicsTarget } from './graphics-target.js';

export interface Ticketed {
  ref: DomainRef;
  target: GraphicsTarget;
  /** The display's stream, opened already (a remote display through its ssh tunnel). */
  stream?: Duplex;
}

export class ConsoleTickets {
  readonly #tickets = new Map<string, Ticketed & { expires: number }>();

  constructor(
    private readonly timers: Timers,
    readonly ttlMs = 30_000,
  ) {}

  issue(t: Ticketed): string {
    const now = this.timers.now();
    for (const [k, v] of this.#tickets) if (v.expires <= now) this.#tickets.delete(k);
    const ticket = randomBytes(32).toString('base64url');
    this.#tickets.set(ticket, { ...t, expires: now + this.ttlMs });
    return ticket;
  }

  /** The ticket's VM and display, once; null when unknown, used or expired. */
  take(ticket: string): Ticketed | null {
    const t = this.#tickets.get(ticket);
    if (!t) return null;
    this.#tickets.delete(ticket);
    return t.expires > this.timers.now() ? { ref: t.ref, target: t.target, ...(t.stream ? { stream: t.stream } : {}) } : null;
  }
}
