// The window's side of live figures: one watcher id per window, the merged declaration of what
// the window shows (renewed before its lease lapses, ended while the page is hidden), and the
// ticks unpacked into per-host typed arrays (host-stats.ts). Nothing per tick goes through
// React or zustand: components register listeners and draw canvases or set text directly,
// once per animation frame.
import { useEffect, useMemo } from 'react';
import type { ConnectionId } from '../../../electron/common/api/connections.js';
import type { StatsInterest } from '../../../electron/common/api/stats.js';
import { Emitter, type Unsubscribe } from '../../../electron/common/events/emitter.js';
import type { VirtClient } from '../../../electron/common/rpc/client.js';
import { useStore } from '../store/store.js';
import { HostStats } from './host-stats.js';
import { interestKey, mergeInterests } from './interests.js';

function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** This window's watcher id (the contract wants 8–64 characters). */
export const WATCHER = `window-${randomId()}`;

let client: VirtClient | null = null;
const hosts = new Map<ConnectionId, HostStats>();

export function hostStats(connection: ConnectionId): HostStats {
  let h = hosts.get(connection);
  if (!h) hosts.set(connection, (h = new HostStats(connection)));
  return h;
}

// ---- per-frame listeners -------------------------------------------------------------------

const drawn = new Emitter<ConnectionId>();
const dirty = new Set<ConnectionId>();
let frame = 0;

/** Called once per animation frame for each host that got a tick since the last frame. */
export function onStats(l: (connection: ConnectionId) => void): Unsubscribe {
  return drawn.on(l);
}

function draw(): void {
  frame = 0;
  const conns = [...dirty];
  dirty.clear();
  for (const c of conns) drawn.emit(c);
}

function markDirty(connection: ConnectionId): void {
  dirty.add(connection);
  if (!frame) frame = requestAnimationFrame(draw);
}

// ---- what the window shows -----------------------------------------------------------------

const parts = new Map<number, StatsInterest[]>();
let nextPart = 1;
let lastSent = interestKey([]);
/** Matches no declaration, so the next send goes out even when it withdraws everything. */
const LEASE_LOST = '\u0000lost';
let leaseMs = 6000;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let sendTimer: ReturnType<typeof setTimeout> | undefined;
let sending: Promise<void> | null = null;
let waiters: (() => void)[] = [];

/** Declares (or replaces, or with [] withdraws) one component's part of what the window shows. */
export function declare(part: number, interests: StatsInterest[]): void {
  if (interests.length) parts.set(part, interests);
  else parts.delete(part);
  schedule(40);
}

export function newPart(): number {
  return nextPart++;
}

/** Resolves once the current declaration has reached the backend (e.g. before asking for history). */
export function declared(): Promise<void> {
  return new Promise((resolve) => {
    waiters.push(resolve);
    schedule(0);
  });
}

function schedule(delayMs: number): void {
  if (sendTimer !== undefined) {
    if (delayMs > 0) return;
    clearTimeout(sendTimer);
  }
  sendTimer = setTimeout(() => {
    sendTimer = undefined;
    void send();
  }, delayMs);
}

async function send(): Promise<void> {
  if (sending) {
    await sending;
    return send();
  }
  if (renewTimer !== undefined) clearTimeout(renewTimer);
  renewTimer = undefined;
  const done = waiters;
  waiters = [];
  // A hidden page declares nothing, so nothing is sampled for it.
  const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const interests = hidden || !client ? [] : mergeInterests([...parts.values()].flat());
  const key = interestKey(interests);
  const renewing = interests.length > 0;
  if (client && (renewing || key !== lastSent)) {
    const c = client;
    sending = (async () => {
      try {
        const reply = await c.api.stats.watch({ watcher: WATCHER, interests });
        leaseMs = reply.leaseMs;
        // A host that was failing before this window watched it: the event was said before.
        if (reply.failing.length) {
          useStore.setState((s) => ({ statsFailing: { ...s.statsFailing, ...Object.fromEntries(reply.failing.map((f) => [f.connection, f.message])) } }));
        }
        lastSent = key;
      } catch {
        // the backend is gone or the host just went away: the next change or renewal says it again
      }
    })();
    await sending;
    sending = null;
  }
  for (const w of done) w();
  // Renew well before the lease lapses (a third of it: two renewals may fail in a row).
  if (renewing && !hidden) renewTimer = setTimeout(() => void send(), Math.max(500, leaseMs / 3));
}

/**
 * A component's part of what the window shows, kept while it is mounted; pass [] or null when
 * it shows nothing live.
 */
export function useStatsInterest(interests: StatsInterest[] | null): void {
  const part = useMemo(newPart, []);
  const key = interests ? interestKey(interests) : '[]';
  useEffect(() => {
    declare(part, interests ?? []);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- interests is a new array each render: key is its content
  }, [part, key]);
  useEffect(() => () => declare(part, []), [part]);
}

/** Visible again after being hidden: listeners that fetch history use this to fill the gap. */
const resumed = new Emitter<void>();
export function onResume(l: () => void): Unsubscribe {
  return resumed.on(l);
}

export function isHidden(): boolean {
  return document.visibilityState === 'hidden';
}

/** Hooks this window to the backend's stats events; call once, with the client. */
export function startStats(c: VirtClient): void {
  client = c;
  c.on('stats.tick', (tick) => {
    hostStats(tick.connection).apply(tick);
    if (!isHidden()) markDirty(tick.connection);
  });
  c.on('stats.failing', ({ connection, message }) => {
    useStore.setState((s) => {
      const statsFailing = { ...s.statsFailing };
      if (message === null) delete statsFailing[connection];
      else statsFailing[connection] = message;
      return { statsFailing };
    });
  });
  c.on('preferences.changed', (preferences) => useStore.setState({ preferences }));
  c.on('domain.removed', (ref) => hosts.get(ref.connection)?.forget(ref.uuid));
  c.on('connection.removed', ({ id }) => hosts.delete(id));
  document.addEventListener('visibilitychange', () => {
    schedule(0);
    if (!isHidden()) resumed.emit();
  });
  // A closing window ends its lease at once rather than letting it lapse; a page restored from
  // the back/forward cache declares again what its components still show.
  window.addEventListener('pagehide', () => void c.api.stats.watch({ watcher: WATCHER, interests: [] }).catch(() => {}));
  window.addEventListener('pageshow', (e) => e.persisted && schedule(0));
  const readPreferences = () =>
    c.api.preferences
      .get({})
      .then((preferences) => useStore.setState({ preferences }))
      .catch(() => {});
  void readPreferences();
  schedule(0);
  // Back after the link to the backend was lost: the preferences may have changed meanwhile, and
  // the backend may have dropped this window's lease (or restarted): declare it again.
  useStore.subscribe((s, prev) => {
    if (s.link.kind !== 'open' || (prev.link.kind !== 'lost' && prev.link.kind !== 'refused')) return;
    void readPreferences();
    lastSent = LEASE_LOST;
    schedule(0);
  });
}
