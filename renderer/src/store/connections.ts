// The connections slice: the user's connections in the user's order (the order is data: it is
// kept in the backend and shared by every window), with their state as events report it.
import type { ConnectionId, ConnectionInfo } from '../../../electron/common/api/connections.js';
import type { BackendEvent } from './events.js';
import { connectionLabel } from '../features/connections/connection-label.js';

export interface ConnectionsState {
  connections: ConnectionInfo[];
}

export const initialConnections: ConnectionsState = { connections: [] };

/** Folds a batch of events; the same array when nothing in it concerned connections. */
export function reduceConnections(s: ConnectionsState, batch: readonly BackendEvent[]): ConnectionsState {
  let connections = s.connections;
  for (const e of batch) {
    if (e.topic === 'connection.stateChanged') {
      const i = connections.findIndex((c) => c.id === e.payload.id);
      connections = i < 0 ? [...connections, e.payload] : connections.map((c, j) => (j === i ? e.payload : c));
    } else if (e.topic === 'connection.removed') {
      connections = connections.filter((c) => c.id !== e.payload.id);
    } else if (e.topic === 'connections.reordered') {
      const rank = new Map(e.payload.ids.map((id, i) => [id, i]));
      connections = [...connections].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
    }
  }
  return connections === s.connections ? s : { connections };
}

// Selectors (pure: they take the state, so components pass them to useStore).
export const connectionById =
  (id: ConnectionId | null | undefined) =>
  (s: ConnectionsState): ConnectionInfo | undefined =>
    id ? s.connections.find((c) => c.id === id) : undefined;

/** What the UI calls a host: the user's label, else the hypervisor's host name, else the URI. */
/** The label shown for a connection, told apart from every other connection's (see connection-label.ts). */
export const connectionLabelOf =
  (id: ConnectionId | null | undefined) =>
  (s: { connections: ConnectionInfo[] }): string => {
    const c = id ? s.connections.find((x) => x.id === id) : undefined;
    return c ? connectionLabel(c, s.connections) : '';
  };

export const connectedIds = (s: ConnectionsState): ConnectionId[] => s.connections.filter((c) => c.state === 'connected').map((c) => c.id);
