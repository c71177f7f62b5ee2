// Asking for a console ticket the moment the user clicks, rather than after the console view
// has rendered, takes React's commit off the time to the first frame. The view takes the
// request if it is still fresh; a ticket nobody took simply expires in the backend.
import type { ConsoleTicket } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { api } from '../../store/store.js';

let pending: { key: string; at: number; ticket: Promise<ConsoleTicket> } | null = null;
const FRESH_MS = 5_000;

const keyOf = (ref: DomainRef) => `${ref.connection}/${ref.uuid}`;

export function prefetchTicket(ref: DomainRef): void {
  const ticket = api().consoles.open({ ref });
  ticket.catch(() => undefined); // the view reports failures when it takes the request
  pending = { key: keyOf(ref), at: performance.now(), ticket };
}

/** The prefetched request for this VM, once; otherwise a new one. */
export function takeTicket(ref: DomainRef): Promise<ConsoleTicket> {
  const p = pending;
  pending = null;
  if (p && p.key === keyOf(ref) && performance.now() - p.at < FRESH_MS) return p.ticket;
  return api().consoles.open({ ref });
}
