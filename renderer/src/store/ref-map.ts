// The shape every object slice keeps: per connection, its objects by key (a VM's UUID, a
// network's or pool's UUID, a snapshot's name). A connection that is absent has not been
// listed yet (or is not connected): that is different from one listed with nothing in it.
// The helpers return new objects only for what changed, so selectors of other hosts keep
// their identity and components that read them do not re-render.
import type { ConnectionId } from '../../../electron/common/api/connections.js';

export type RefMap<T> = Readonly<Record<ConnectionId, Readonly<Record<string, T>>>>;

/** Replaces one connection's objects with a fresh listing. */
export function putListing<T>(map: RefMap<T>, connection: ConnectionId, rows: readonly T[], key: (row: T) => string): RefMap<T> {
  return { ...map, [connection]: Object.fromEntries(rows.map((r) => [key(r), r])) };
}

/** Puts one object; ignored while its connection is not listed (the listing will bring it). */
export function putOne<T>(map: RefMap<T>, connection: ConnectionId, key: string, row: T): RefMap<T> {
  const of = map[connection];
  if (!of) return map;
  return { ...map, [connection]: { ...of, [key]: row } };
}

export function dropOne<T>(map: RefMap<T>, connection: ConnectionId, key: string): RefMap<T> {
  const of = map[connection];
  if (!of || !(key in of)) return map;
  const { [key]: _gone, ...rest } = of;
  return { ...map, [connection]: rest };
}

/** Forgets a connection's objects (it went away or is not connected any more). */
export function dropConnection<T>(map: RefMap<T>, connection: ConnectionId): RefMap<T> {
  if (!(connection in map)) return map;
  const { [connection]: _gone, ...rest } = map;
  return rest;
}
