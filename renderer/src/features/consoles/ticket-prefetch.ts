// Asking for a console ticket the moment the user clicks, rather than after the console view
// has rendered, takes React's commit off the time to the first frame. The view takes the
// request if it is still fresh; a ticket nobody took simply expires in the backend.
import type { ConsoleTicket, ConsoleType } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { api } from '../../store/store.js';
import { chosenDisplay } from './display-choice.js';
import { preconnect } from './early-socket.js';

let pending: { key: string; at: number; ticket: Promise<ConsoleTicket> } | null = null;
const FRESH_MS = 5_000;

const keyOf = (ref: DomainRef, type: ConsoleType | undefined) => `${ref.connection}/${ref.uuid}/${type ?? ''}`;
const open = (ref: DomainRef, type: ConsoleType | undefined) => api().consoles.open({ ref, ...(type ? { type } : {}) });

export function prefetchTicket(ref: DomainRef): void {
  // The display the user chose for this VM earlier in the session, as the view will ask.
  const type = chosenDisplay(ref);
  const ticket = open(ref, type);
  ticket.then(preconnect, () => undefined); // the view reports failures when it takes the request
  pending = { key: keyOf(ref, type), at: performance.now(), ticket };
}

/** The prefetched request for this VM and display, once; otherwise a new one. */
export function takeTicket(ref: DomainRef, type?: ConsoleType): Promise<ConsoleTicket> {
  const p = pending;
  pending = null;
  if (p && p.key === keyOf(ref, type) && performance.now() - p.at < FRESH_MS) return p.ticket;
  return open(ref, type);
}
