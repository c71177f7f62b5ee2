import type { ApiErrorData } from '../api/errors.js';

/** A request: `method` is "namespace.method" of VirtApi. */
export interface CallMessage {
  t: 'call';
  id: number;
  method: string;
  params: unknown;
}
export type ResultMessage = { t: 'result'; id: number; ok: true; value: unknown } | { t: 'result'; id: number; ok: false; error: ApiErrorData };
export interface EventMessage {
  t: 'event';
  topic: string;
  payload: unknown;
}
export type RpcMessage = CallMessage | ResultMessage | EventMessage;

/** One end of a message channel (Electron IPC, a WebSocket, or memory in tests). */
export interface RpcPeer {
  send(message: RpcMessage): void;
  /** Registers the receiver; returns a function that unregisters it. */
  onMessage(handler: (message: RpcMessage) => void): () => void;
}

/** Two connected peers in one process, for tests. Delivery is asynchronous, like a real channel. */
export function memoryPeerPair(): [RpcPeer, RpcPeer] {
  const handlers: [Set<(m: RpcMessage) => void>, Set<(m: RpcMessage) => void>] = [new Set(), new Set()];
  const make = (mine: 0 | 1): RpcPeer => ({
    send(message) {
      // Through JSON, as the WebSocket transport: no shared objects, no non-JSON values cross.
      const copy = JSON.parse(JSON.stringify(message)) as RpcMessage;
      void Promise.resolve().then(() => {
        for (const h of handlers[mine === 0 ? 1 : 0]) h(copy);
      });
    },
    onMessage(handler) {
      handlers[mine].add(handler);
      return () => handlers[mine].delete(handler);
    },
  });
  return [make(0), make(1)];
}
