// The backend's side of the contract: validates each call against the schema tree, calls the
// one implementation, and forwards events. Shared by Electron IPC and the browser-mode WebSocket.
//
// Flow control: each peer runs at most `running` calls at once and keeps at most `queued`
// waiting; a call beyond that is refused at once with `busy`. When the peer goes away its
// waiting calls are dropped before they reach libvirt, and results of running ones are
// discarded. Identical read-only calls in flight (from any peer) share one execution, so a
// client repeating `domains.list` costs the host one call.
//
// With VIRTDECK_CHECK_RESULTS=1 (tests, development) each result and event is checked against
// its schema before it is sent (see result-checks.ts).
import { api, virtEvents, type VirtEvents, type VirtImpl } from '../../common/api/contract.js';
import type { MethodDef } from '../../common/api/define.js';
import { ApiError, type ApiErrorData } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { CallMessage, RpcPeer } from '../../common/rpc/messages.js';
import { toApiError } from './api-errors.js';
import { driftOf, raiseDrift, resultChecksWanted } from './result-checks.js';

export interface EventSource {
  subscribe(handler: <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void): () => void;
}

export interface FlowLimits {
  /** Calls of one peer executing at once. */
  running: number;
  /** Calls of one peer waiting for a slot; more are refused with `busy`. */
  queued: number;
}

export const DEFAULT_FLOW: FlowLimits = { running: 8, queued: 256 };

/** Calls that only read: identical ones in flight are answered by one execution. */
const READ_ONLY = new Set([
  'connections.list',
  'domains.list',
  'domains.extras',
  'domains.details',
  'domains.xml',
  'domains.hardware',
  'domains.tuning',
  'consoles.serialDevices',
  'stats.history',
  'hosts.capabilities',
  'hosts.cpu',
  'hosts.devices',
  'hosts.overview',
  'hosts.validate',
  'networks.list',
  'networks.details',
  'storagePools.list',
  'storagePools.capabilities',
  'storagePools.space',
  'storageVolumes.list',
  'snapshots.list',
  'osinfo.search',
  'preferences.get',
]);

type Method = (p: unknown) => Promise<unknown>;

/** Why an event's payload does not fit its topic's schema; an unknown topic is a drift too. */
function eventDrift(topic: string, payload: unknown): string | null {
  if (!Object.hasOwn(virtEvents, topic)) return 'no such event in the contract';
  return driftOf(virtEvents[topic as keyof typeof virtEvents], payload);
}

/** Finds the schemas and implementation of "ns.method" by own properties only (no prototype paths). */
function resolve(impl: VirtImpl, method: string): { def: MethodDef; fn: Method } | null {
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
  return { def: group[name]!, fn: fn.bind(target) };
}

/** In-flight read-only calls per implementation, shared by every peer served from it. */
const inFlight = new WeakMap<VirtImpl, Map<string, Promise<unknown>>>();

function coalesced(impl: VirtImpl, method: string, params: unknown, run: () => Promise<unknown>): Promise<unknown> {
  if (!READ_ONLY.has(method)) return Promise.resolve().then(run);
  let mine = inFlight.get(impl);
  if (!mine) inFlight.set(impl, (mine = new Map<string, Promise<unknown>>()));
  const key = `${method} ${JSON.stringify(params)}`;
  const existing = mine.get(key);
  if (existing) return existing;
  // Since the contract by object, a method may answer synchronously: always a promise here.
  const p = Promise.resolve().then(run);
  mine.set(key, p);
  const forget = () => mine.get(key) === p && mine.delete(key);
  p.then(forget, forget);
  return p;
}

export function serve(peer: RpcPeer, impl: VirtImpl, events: EventSource, log: (msg: string) => void = () => {}, limits: FlowLimits = DEFAULT_FLOW): () => void {
  const checks = resultChecksWanted();
  let closed = false;
  let running = 0;
  const waiting: (() => void)[] = [];
  const send: RpcPeer['send'] = (m) => {
    if (!closed) peer.send(m);
  };
  const reply = (id: number, error: ApiErrorData) => send({ t: 'result', id, ok: false, error });

  const execute = async (id: number, method: string, def: MethodDef, fn: Method, params: unknown) => {
    try {
      const value = await coalesced(impl, method, params, () => fn(params));
      const drift = checks ? driftOf(def.result, value) : null;
      if (drift !== null) {
        raiseDrift(`the result of ${method} does not fit its schema: ${drift}`, log);
        return reply(id, new ApiError('internal', msg('rpc.internal')).toData());
      }
      send({ t: 'result', id, ok: true, value: value ?? null });
    } catch (err) {
      const data = toApiError(err);
      if (data.code === 'internal') log(`${method} failed: ${(err as Error)?.stack ?? String(err)}`);
      reply(id, data);
    } finally {
      running--;
      // A closed peer's waiting calls were dropped; nothing more starts for it.
      if (!closed) waiting.shift()?.();
    }
  };

  const handle = (m: CallMessage) => {
    if (typeof m.id !== 'number' || typeof m.method !== 'string') return;
    const target = resolve(impl, m.method);
    if (!target) return reply(m.id, new ApiError('invalid-request', msg('rpc.unknownMethod', { method: JSON.stringify(m.method.slice(0, 80)) })).toData());
    const parsed = (
      target.def.params as unknown as { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } }
    ).safeParse(m.params);
    if (!parsed.success) {
      const issue = parsed.error!.issues[0]!;
      const where = issue.path.map(String).join('.') || 'params';
      return reply(m.id, new ApiError('invalid-request', msg('rpc.invalidParams', { method: m.method, where, problem: issue.message })).toData());
    }
    const start = () => {
      running++;
      void execute(m.id, m.method, target.def, target.fn, parsed.data);
    };
    if (running < limits.running) return start();
    if (waiting.length < limits.queued) return void waiting.push(start);
    reply(m.id, new ApiError('busy', msg('rpc.busy', { running: limits.running, queued: limits.queued, method: m.method })).toData());
  };

  const offMessages = peer.onMessage((m) => {
    if (!closed && m && typeof m === 'object' && m.t === 'call') handle(m);
  });
  const offEvents = events.subscribe((topic, payload) => {
    const drift = checks ? eventDrift(topic, payload) : null;
    if (drift !== null) return raiseDrift(`the payload of ${topic} does not fit its schema: ${drift}`, log);
    send({ t: 'event', topic, payload });
  });
  return () => {
    closed = true;
    waiting.length = 0;
    offMessages();
    offEvents();
  };
}
