// The backend's side of the contract: validates each call against the schema tree, calls the
// one implementation, and forwards events. Shared by Electron IPC and the browser-mode WebSocket.
import { api, type VirtEvents, type VirtImpl } from '../../common/api/contract.js';
import type { MethodDef } from '../../common/api/define.js';
import { ApiError, type ApiErrorData } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { CallMessage, RpcPeer } from '../../common/rpc/messages.js';
import { toApiError } from './api-errors.js';

export interface EventSource {
  subscribe(handler: <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void): () => void;
}

type Method = (p: unknown) => Promise<unknown>;

/** Finds the schema and implementation of "ns.method" by own properties only (no prototype paths). */
function resolve(impl: VirtImpl, method: string): { schema: MethodDef['params']; fn: Method } | null {
  const parts = method.split('.');
  if (parts.length !== 2) return null;
  const [ns, name] = parts as [string, string];
  if (!Object.hasOwn(api, ns)) return null;
  const group = api[ns as keyof typeof api] as Record<string, MethodDef>;
  if (!Object.hasOwn(group, name)) return null;
  // The name is the schema's own; the service may hold the method on its prototype (a class).
  const target = (impl as unknown as Record<string, Record<string, Method>>)[ns]!;
  const fn = target[name];
  if (typeof fn !== 'function') return null;
  return { schema: group[name]!.params, fn: fn.bind(target) };
}

export function serve(peer: RpcPeer, impl: VirtImpl, events: EventSource, log: (msg: string) => void = () => {}): () => void {
  const reply = (id: number, error: ApiErrorData) => peer.send({ t: 'result', id, ok: false, error });

  const handle = async (m: CallMessage) => {
    if (typeof m.id !== 'number' || typeof m.method !== 'string') return;
    const target = resolve(impl, m.method);
    if (!target) return reply(m.id, new ApiError('invalid-request', msg('rpc.unknownMethod', { method: JSON.stringify(m.method.slice(0, 80)) })).toData());
    const parsed = (target.schema as unknown as { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }).safeParse(m.params);
    if (!parsed.success) {
      const issue = parsed.error!.issues[0]!;
      const where = issue.path.map(String).join('.') || 'params';
      return reply(m.id, new ApiError('invalid-request', msg('rpc.invalidParams', { method: m.method, where, problem: issue.message })).toData());
    }
    try {
      const value = await target.fn(parsed.data);
      peer.send({ t: 'result', id: m.id, ok: true, value: value ?? null });
    } catch (err) {
      const data = toApiError(err);
      if (data.code === 'internal') log(`${m.method} failed: ${(err as Error)?.stack ?? String(err)}`);
      reply(m.id, data);
    }
  };

  const offMessages = peer.onMessage((m) => {
    if (m && typeof m === 'object' && m.t === 'call') void handle(m);
  });
  const offEvents = events.subscribe((topic, payload) => peer.send({ t: 'event', topic, payload }));
  return () => {
    offMessages();
    offEvents();
  };
}
