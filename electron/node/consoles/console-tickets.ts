// Single-use tickets for console bridges: random, short-lived, bound to one VM's console. A
// ticket holds what its bridge needs: where a graphical display listens, or the text console's
// stream already attached (attaching is what tells "in use" apart, so it happens when the ticket
// is asked for). A ticket nobody takes in time releases what it holds.
import { randomBytes } from 'node:crypto';
import type { Connection, Domain, Stream } from 'virtdeck/native';
import type { Duplex } from 'node:stream';
import type { DomainRef } from '../../common/api/domains.js';
import type { Timers } from '../connections/manager.js';
import type { GraphicsTarget } from './graphics-target.js';

export interface GraphicsSession {
  kind: 'graphics';
  ref: DomainRef;
  target: GraphicsTarget;
  /** The display's stream, opened already (a remote display through its ssh tunnel). */
  stream?: Duplex;
  /** A local display's VM, by name: whether its QEMU still serves the target is checked again at connect. */
  owner?: string;
}

export interface SerialSession {
  kind: 'serial';
  ref: DomainRef;
  device: string;
  /** The VM's name, for the log. */
  name: string;
  conn: Connection;
  dom: Domain;
  /** libvirt's console stream, attached to the device. */
  stream: Stream;
}

export type Ticketed = GraphicsSession | SerialSession;

/** Lets go of what a session holds when no bridge will ever use it. */
export function discardSession(s: Ticketed): void {
  s.stream?.destroy();
}

export class ConsoleTickets {
  readonly #tickets = new Map<string, { session: Ticketed; expires: number; timer: unknown }>();

  constructor(
    private readonly timers: Timers,
    readonly ttlMs = 30_000,
  ) {}

  issue(session: Ticketed): string {
    const ticket = randomBytes(32).toString('base64url');
    // Held streams are released on time, not only when the next ticket is issued.
    const timer = this.timers.setTimeout(() => this.#expire(ticket), this.ttlMs);
    this.#tickets.set(ticket, { session, expires: this.timers.now() + this.ttlMs, timer });
    return ticket;
  }

  /** The ticket's session, once; null when unknown, used or expired. */
  take(ticket: string): Ticketed | null {
    const t = this.#tickets.get(ticket);
    if (!t) return null;
    this.#tickets.delete(ticket);
    this.timers.clearTimeout(t.timer);
    if (t.expires > this.timers.now()) return t.session;
    discardSession(t.session);
    return null;
  }

  #expire(ticket: string): void {
    const t = this.#tickets.get(ticket);
    if (!t) return;
    this.#tickets.delete(ticket);
    discardSession(t.session);
  }
}
