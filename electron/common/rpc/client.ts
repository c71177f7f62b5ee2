// The UI's side of the contract: a VirtApi whose calls travel over an RpcPeer.
import type { VirtApi, VirtEvents } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { msg } from '../messages/messages.js';
import { Emitter, type Unsubscribe } from '../events/emitter.js';
import type { RpcPeer } from './messages.js';

export interface VirtClient {
  api: VirtApi;
  on<T extends keyof VirtEvents>(topic: T, handler: (payload: VirtEvents[T]) => void): Unsubscribe;
  dispose(): void;
}

export function createClient(peer: RpcPeer): VirtClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  // One emitter per topic; a topic's payload type is known where `on` is called, not here.
  const topics = new Map<string, Emitter<unknown>>();

  const off = peer.onMessage((m) => {
    if (m.t === 'result') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(ApiError.fromData(m.error));
    } else if (m.t === 'event') {
      topics.get(m.topic)?.emit(m.payload);
    }
  });

  const call = (method: string, params: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      peer.send({ t: 'call', id, method, params: params ?? {} });
    });

  // A two-level proxy: api.domains.start(p) sends "domains.start".
  const api = new Proxy({} as VirtApi, {
    get: (_t, ns) => (typeof ns !== 'string' ? undefined : new Proxy({}, { get: (_u, m) => (typeof m === 'string' ? (p: unknown) => call(`${ns}.${m}`, p) : undefined) })),
  });

  return {
    api,
    on(topic, handler) {
      let topicEmitter = topics.get(topic);
      if (!topicEmitter) topics.set(topic, (topicEmitter = new Emitter()));
      return topicEmitter.on(handler as (payload: unknown) => void);
    },
    dispose() {
      off();
      for (const p of pending.values()) p.reject(new ApiError('internal', msg('rpc.backendClosed')));
      pending.clear();
    },
  };
}
