// The domains slice: per connection, its VMs by UUID (see ref-map.ts), and the extras (title,
// addresses) read for the VMs on screen (see extras.ts). A connection that goes down drops its
// VMs; when it is connected again, resync() lists them afresh (events missed meanwhile are
// not replayed: the listing is the truth).
import type { ConnectionId } from '../../../electron/common/api/connections.js';
import type { DomainExtras, DomainRef, DomainSummary } from '../../../electron/common/api/domains.js';
import type { BackendEvent } from './events.js';
import { dropConnection, dropOne, putListing, putOne, type RefMap } from './ref-map.js';

export interface DomainsState {
  /** Per connection, its VMs by UUID; absent until listed. */
  domains: RefMap<DomainSummary>;
  /** Per connection, titles and guest addresses by UUID, for the VMs that were on screen (see extras.ts). */
  extras: RefMap<DomainExtras>;
}

export const initialDomains: DomainsState = { domains: {}, extras: {} };

export function reduceDomains(s: DomainsState, batch: readonly BackendEvent[]): DomainsState {
  let { domains, extras } = s;
  for (const e of batch) {
    if ((e.topic === 'connection.stateChanged' && e.payload.state !== 'connected') || e.topic === 'connection.removed') {
      domains = dropConnection(domains, e.payload.id);
      extras = dropConnection(extras, e.payload.id);
    } else if (e.topic === 'domain.changed') {
      domains = putOne(domains, e.payload.ref.connection, e.payload.ref.uuid, e.payload);
    } else if (e.topic === 'domain.removed') {
      domains = dropOne(domains, e.payload.connection, e.payload.uuid);
    }
  }
  return domains === s.domains && extras === s.extras ? s : { domains, extras };
}

/** The slice with a connection's fresh listing. */
export function withListing(s: DomainsState, connection: ConnectionId, rows: readonly DomainSummary[]): Pick<DomainsState, 'domains'> {
  return { domains: putListing(s.domains, connection, rows, (r) => r.ref.uuid) };
}

// Selectors.
export const domainByRef =
  (ref: DomainRef | null | undefined) =>
  (s: DomainsState): DomainSummary | undefined =>
    ref ? s.domains[ref.connection]?.[ref.uuid] : undefined;

export const domainsOf =
  (connection: ConnectionId | null | undefined) =>
  (s: DomainsState): Readonly<Record<string, DomainSummary>> | undefined =>
    connection ? s.domains[connection] : undefined;

/** The VMs of a batch's domain.changed events (their extras are read again when on screen). */
export function changedDomains(batch: readonly BackendEvent[]): DomainRef[] {
  return batch.flatMap((e) => (e.topic === 'domain.changed' ? [e.payload.ref] : []));
}
