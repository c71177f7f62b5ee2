// Configured connections and their live state. Each connection opens on its own (a hung host
// never holds up another: the binding runs each connection on threads of its own), keeps
// libvirt's keepalive on, and after a loss reconnects with exponential backoff and jitter
// until it succeeds or the user closes it. A failed first open waits for a manual Reconnect.
import { randomUUID } from 'node:crypto';
import * as libvirt from 'virtdeck/native';
import type { ConnectionId, ConnectionInfo, ConnectionSpec, connectionsApi, HypervisorFacts, SshTarget } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { toApiError } from '../rpc/api-errors.js';
import type { ConnectionStore, StoredConnection } from './store.js';
import { sshTarget, validateUri } from '../../common/api/connection-uri.js';
import { admitUri, testFileFailure } from './uri-gate.js';
import { refuseChangedHostKey } from '../ssh/host-key-check.js';
import { PromptDesk } from '../ssh/prompt-desk.js';
import { sameTarget } from '../ssh/ssh-prompt.js';
import { Emitter, type Unsubscribe } from '../../common/events/emitter.js';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface ManagerOptions {
  timers?: Timers;
  random?: () => number;
  /** Opens a libvirt connection; tests pass keepalive settings through it. */
  open?: (uri: string, options: { readonly: boolean }) => Promise<libvirt.Connection>;
  log?: (msg: string) => void;
  /** Runs before libvirt's ssh for a +ssh URI; throws to stop the connection (a changed host key). */
  sshPreflight?: (target: SshTarget) => Promise<void>;
  /** Backoff after a loss: base * 2^attempt, capped, half of it random. */
  backoff?: { baseMs: number; maxMs: number };
}

interface Entry {
  id: ConnectionId;
  spec: ConnectionSpec;
  state: ConnectionInfo['state'];
  error?: ConnectionInfo['error'];
  conn?: libvirt.Connection;
  hypervisor?: HypervisorFacts;
  counts?: ConnectionInfo['counts'];
  /** Bumped on every open/close, so a late result of an abandoned attempt is ignored. */
  generation: number;
  attempt: number;
  retryTimer?: unknown;
  retryAt?: number;
  opening?: Promise<ConnectionInfo>;
}

/** Two connections alike: the same URI, both read-only or both not (a watcher beside an admin is fine). */
function sameHost(a: ConnectionSpec, b: ConnectionSpec): boolean {
  return a.uri === b.uri && (a.readonly === true) === (b.readonly === true);
}

function version(v: number): string {
  return `${Math.floor(v / 1_000_000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`;
}

export class ConnectionManager implements NamespaceImpl<typeof connectionsApi> {
  readonly #entries = new Map<ConnectionId, Entry>();
  #order: ConnectionId[] = [];
  readonly #changed = new Emitter<ConnectionInfo>();
  readonly #removed = new Emitter<ConnectionId>();
  readonly #reordered = new Emitter<ConnectionId[]>();
  readonly #connected = new Emitter<[ConnectionId, libvirt.Connection]>();
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #open: (uri: string, readonly?: boolean) => Promise<libvirt.Connection>;
  readonly #log: (msg: string) => void;
  readonly #backoff: { baseMs: number; maxMs: number };
  readonly #sshPreflight: (target: SshTarget) => Promise<void>;
  /** Questions ssh asks (through our askpass) while connections open. */
  readonly prompts: PromptDesk;

  constructor(
    private readonly store: ConnectionStore,
    options: ManagerOptions = {},
  ) {
    this.#timers = options.timers ?? realTimers;
    this.#random = options.random ?? Math.random;
    this.#log = options.log ?? (() => {});
    const open = options.open ?? ((uri, o) => libvirt.open(uri, o));
    // Every URI passes the gate right before libvirt sees it (saved and first-run ones too).
    this.#open = async (uri, readonly = false) => {
      const admitted = await admitUri(uri, store.dir, this.#log);
      try {
        return await open(admitted, { readonly });
      } catch (err) {
        throw (err instanceof libvirt.LibvirtError ? testFileFailure(admitted) : null) ?? err;
      }
    };
    this.#backoff = options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    this.#sshPreflight = options.sshPreflight ?? refuseChangedHostKey;
    this.prompts = new PromptDesk(
      {
        openingTo: (target) => {
          const opening = [...this.#entries.values()].filter((e) => {
            const t = e.state === 'connecting' ? sshTarget(e.spec.uri) : null;
            return t !== null && (target === null || sameTarget(t, target));
          });
          // Without ssh's command line (no /proc), only an unambiguous answer will do.
          const e = target === null && opening.length !== 1 ? undefined : opening[0];
          return e ? { id: e.id, attempt: e.generation } : null;
        },
        changed: (id) => {
          const e = this.#entries.get(id);
          if (e) this.#emit(e);
        },
      },
      this.#timers,
    );
  }

  /** Loads the saved connections (on first run: the local hypervisor) and opens the autoconnect ones. */
  async init(firstRunCandidates: string[] = ['qemu:///system', 'qemu:///session']): Promise<void> {
    let saved = await this.store.load();
    if (saved === null) {
      saved = [];
      for (const uri of firstRunCandidates) {
        try {
          const probe = await this.#open(uri);
          await probe.close();
          saved.push({ id: randomUUID(), spec: { uri, autoconnect: true } });
          break;
        } catch (err) {
          this.#log(`first run: ${uri} did not answer: ${(err as Error).message}`);
        }
      }
      await this.store.save(saved);
    }
    for (const s of saved) this.#insert(s);
    for (const e of this.#entries.values()) {
      // A saved entry is checked like one being added: an invalid one is kept, shown with the
      // reason, and never opened (open() would refuse it again in the gate).
      const why = this.#invalidReason(e.spec.uri);
      if (why) {
        e.state = 'failed';
        e.error = new ApiError('invalid-input', msg('connection.savedInvalid', { reason: why })).toData();
        this.#log(`saved connection ${e.id} is not valid and was not opened: ${why}`);
      } else if (e.spec.autoconnect) {
        void this.open({ id: e.id }).catch(() => undefined);
      }
    }
  }

  list(_p?: Record<string, never>): ConnectionInfo[] {
    return this.#order.map((id) => this.#info(this.#entries.get(id)!));
  }

  get(id: ConnectionId): ConnectionInfo {
    return this.#info(this.#entry(id));
  }

  /** The open libvirt connection, or ApiError('not-connected'). */
  connection(id: ConnectionId): libvirt.Connection {
    const e = this.#entry(id);
    if (e.state !== 'connected' || !e.conn) {
      throw new ApiError('not-connected', msg('connection.notConnected', { name: e.spec.label ?? e.spec.uri }));
    }
    return e.conn;
  }

  async add({ spec }: { spec: ConnectionSpec }): Promise<ConnectionInfo> {
    const clean = this.#clean(spec);
    if ([...this.#entries.values()].some((e) => sameHost(e.spec, clean))) {
      throw new ApiError('invalid-input', msg('connection.exists', { uri: clean.uri }));
    }
    const e = this.#insert({ id: randomUUID(), spec: clean });
    await this.#persist();
    this.#emit(e);
    if (clean.autoconnect) void this.open({ id: e.id }).catch(() => undefined);
    return this.#info(e);
  }

  async update({ id, spec }: { id: ConnectionId; spec: ConnectionSpec }): Promise<ConnectionInfo> {
    const e = this.#entry(id);
    const clean = this.#clean(spec);
    if ([...this.#entries.values()].some((o) => o.id !== id && sameHost(o.spec, clean))) {
      throw new ApiError('invalid-input', msg('connection.exists', { uri: clean.uri }));
    }
    const reopen = (clean.uri !== e.spec.uri || clean.readonly !== e.spec.readonly) && e.state !== 'disconnected';
    e.spec = clean;
    await this.#persist();
    if (reopen) {
      await this.close({ id });
      void this.open({ id }).catch(() => undefined);
    } else {
      this.#emit(e);
    }
    return this.#info(e);
  }

  async remove({ id }: { id: ConnectionId }): Promise<void> {
    await this.close({ id });
    this.#entries.delete(id);
    this.#order = this.#order.filter((x) => x !== id);
    await this.#persist();
    this.#removed.emit(id);
  }

  async reorder({ ids }: { ids: ConnectionId[] }): Promise<void> {
    const same = ids.length === this.#order.length && new Set(ids).size === ids.length && ids.every((id) => this.#entries.has(id));
    if (!same) throw new ApiError('invalid-input', msg('connection.badOrder'));
    this.#order = [...ids];
    await this.#persist();
    this.#reordered.emit([...ids]);
  }

  /** Opens now; a second call while opening joins the first. */
  open({ id }: { id: ConnectionId }): Promise<ConnectionInfo> {
    const e = this.#entry(id);
    if (e.state === 'connected') return Promise.resolve(this.#info(e));
    if (e.opening) return e.opening;
    this.#cancelRetry(e);
    const gen = ++e.generation;
    e.state = 'connecting';
    delete e.error;
    this.#emit(e);
    const attempt = (async () => {
      let conn: libvirt.Connection | undefined;
      try {
        const target = sshTarget(e.spec.uri);
        if (target) await this.#sshPreflight(target);
        conn = await this.#open(e.spec.uri, e.spec.readonly === true);
        const [type, hv, hostname, lib] = await Promise.all([conn.getType(), conn.getVersion(), conn.getHostname(), conn.getLibVersion()]);
        if (gen !== e.generation) {
          await conn.close();
          throw new ApiError('not-connected', msg('connection.closedWhileOpening'));
        }
        e.conn = conn;
        e.hypervisor = { type, version: version(hv), hostname, libvirtVersion: version(lib) };
        e.state = 'connected';
        e.attempt = 0;
        await conn.registerCloseCallback((_c, reason) => this.#lost(e, gen, reason));
        this.#emit(e);
        this.#connected.emit([id, conn]);
        return this.#info(e);
      } catch (caught) {
        const err = this.prompts.cancelled(id, gen) ? new ApiError('not-connected', msg('connection.signInCancelled', { host: String(sshTarget(e.spec.uri)?.host) })) : caught;
        if (gen === e.generation) {
          const data = toApiError(err);
          e.state = 'failed';
          e.error = data;
          this.#emit(e);
        }
        throw err;
      } finally {
        this.prompts.endAttempt(id, gen);
        if (gen === e.generation) delete e.opening;
      }
    })();
    e.opening = attempt;
    return attempt;
  }

  /** Closes and stops reconnecting until opened again. */
  async close({ id }: { id: ConnectionId }): Promise<ConnectionInfo> {
    const e = this.#entry(id);
    this.prompts.endAttempt(id, e.generation++);
    this.#cancelRetry(e);
    const conn = e.conn;
    delete e.conn;
    delete e.error;
    delete e.opening;
    e.state = 'disconnected';
    this.#emit(e);
    if (conn) await conn.close().catch(() => 0);
    return this.#info(e);
  }

  /** Answers the SSH question on a connection; null cancels signing in. */
  answerPrompt({ id, promptId, answer }: { id: ConnectionId; promptId: string; answer: string | null }): void {
    this.prompts.answer(id, promptId, answer);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.#entries.keys()].map((id) => this.close({ id })));
  }

  setCounts(id: ConnectionId, counts: ConnectionInfo['counts']): void {
    const e = this.#entries.get(id);
    if (!e || (e.counts?.total === counts?.total && e.counts?.running === counts?.running)) return;
    if (counts) e.counts = counts;
    this.#emit(e);
  }

  /** Every change of a connection's state, spec or counts, as its fresh info. */
  onChange(l: (info: ConnectionInfo) => void): Unsubscribe {
    return this.#changed.on(l);
  }
  onReordered(l: (ids: ConnectionId[]) => void): Unsubscribe {
    return this.#reordered.on(l);
  }
  onRemoved(l: (id: ConnectionId) => void): Unsubscribe {
    return this.#removed.on(l);
  }
  /** Called each time a connection (re)opens, with the new libvirt connection. */
  onConnected(l: (id: ConnectionId, conn: libvirt.Connection) => void): Unsubscribe {
    return this.#connected.on(([id, conn]) => l(id, conn));
  }

  // The link died under an open connection: say why, then retry with backoff.
  #lost(e: Entry, gen: number, reason: number): void {
    if (gen !== e.generation || e.state !== 'connected') return;
    const why =
      reason === libvirt.ConnectCloseReason.KEEPALIVE
        ? msg('connection.lostKeepalive')
        : reason === libvirt.ConnectCloseReason.EOF
          ? msg('connection.lostEof')
          : msg('connection.lostOther');
    const conn = e.conn;
    delete e.conn;
    e.generation++;
    e.state = 'disconnected';
    e.error = new ApiError('not-connected', why).toData();
    void conn?.close().catch(() => 0);
    this.#scheduleRetry(e);
    this.#emit(e);
  }

  #scheduleRetry(e: Entry): void {
    const base = Math.min(this.#backoff.maxMs, this.#backoff.baseMs * 2 ** e.attempt);
    const delay = Math.round(base / 2 + (this.#random() * base) / 2);
    e.attempt++;
    e.retryAt = this.#timers.now() + delay;
    const gen = e.generation;
    e.retryTimer = this.#timers.setTimeout(() => {
      delete e.retryTimer;
      delete e.retryAt;
      if (gen !== e.generation) return;
      this.open({ id: e.id }).catch(() => {
        if (gen + 1 === e.generation && e.state === 'failed') {
          // Still unreachable: keep the last error and try again later.
          e.state = 'disconnected';
          this.#scheduleRetry(e);
          this.#emit(e);
        }
      });
    }, delay);
  }

  #cancelRetry(e: Entry): void {
    if (e.retryTimer !== undefined) this.#timers.clearTimeout(e.retryTimer);
    delete e.retryTimer;
    delete e.retryAt;
  }

  #insert(s: StoredConnection): Entry {
    const e: Entry = { id: s.id, spec: s.spec, state: 'disconnected', generation: 0, attempt: 0 };
    this.#entries.set(s.id, e);
    this.#order.push(s.id);
    return e;
  }

  #entry(id: ConnectionId): Entry {
    const e = this.#entries.get(id);
    if (!e) throw new ApiError('not-found', msg('connection.notFound'));
    return e;
  }

  #invalidReason(uri: string): string | null {
    try {
      validateUri(uri);
      return null;
    } catch (err) {
      return err instanceof ApiError ? err.message : String(err);
    }
  }

  #clean(spec: ConnectionSpec): ConnectionSpec {
    const label = spec.label?.trim();
    return { uri: validateUri(spec.uri.trim()), autoconnect: spec.autoconnect, ...(label ? { label } : {}), ...(spec.readonly ? { readonly: true } : {}) };
  }

  #persist(): Promise<void> {
    return this.store.save(this.#order.map((id) => ({ id, spec: this.#entries.get(id)!.spec })));
  }

  #info(e: Entry): ConnectionInfo {
    const prompt = this.prompts.current(e.id);
    return {
      id: e.id,
      spec: { ...e.spec },
      state: e.state,
      ...(e.error ? { error: { ...e.error } } : {}),
      ...(e.retryAt !== undefined ? { retryAt: e.retryAt } : {}),
      ...(e.hypervisor && e.state === 'connected' ? { hypervisor: { ...e.hypervisor } } : {}),
      ...(e.counts && e.state === 'connected' ? { counts: { ...e.counts } } : {}),
      ...(prompt && e.state === 'connecting' ? { prompt: { ...prompt } } : {}),
    };
  }

  #emit(e: Entry): void {
    this.#changed.emit(this.#info(e));
  }
}
