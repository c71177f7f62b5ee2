import type { ApiErrorData } from '../api/errors.js';
import { Emitter } from '../events/emitter.js';

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
  const received: [Emitter<RpcMessage>, Emitter<RpcMessage>] = [new Emitter(), new Emitter()];
  const make = (mine: 0 | 1): RpcPeer => ({
    send(message) {
      // Through JSON, as the WebSocket transport: no shared objects, no non-JSON values cross.
      const copy = JSON.parse(JSON.stringify(message)) as RpcMessage;
      void Promise.resolve().then(() => {
        received[mine === 0 ? 1 : 0].emit(copy);
      });
    },
    onMessage: (handler) => received[mine].on(handler),
  });
  return [make(0), make(1)];
}
