// The UI's side of the contract: a VirtApi whose calls travel over an RpcPeer.
import type { VirtApi, VirtEvents } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { msg } from '../messages/messages.js';
import type { RpcPeer } from './messages.js';

export interface VirtClient {
  api: VirtApi;
  on<T extends keyof VirtEvents>(topic: T, handler: (payload: VirtEvents[T]) => void): () => void;
  dispose(): void;
}

export function createClient(peer: RpcPeer): VirtClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: never) => void>>();

  const off = peer.onMessage((m) => {
    if (m.t === 'result') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(ApiError.fromData(m.error));
    } else if (m.t === 'event') {
      for (const h of listeners.get(m.topic) ?? []) (h as (p: unknown) => void)(m.payload);
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
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(handler);
      return () => set.delete(handler);
    },
    dispose() {
      off();
      for (const p of pending.values()) p.reject(new ApiError('internal', msg('rpc.backendClosed')));
      pending.clear();
    },
  };
}
