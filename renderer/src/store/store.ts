// The UI's cache of backend state. Events are queued and applied once per animation frame, so
// a burst (a host starting 100 VMs) costs one render.
import { create } from 'zustand';
import type { VirtEvents } from '../../../electron/common/api/contract.js';
import type { ConnectionId, ConnectionInfo } from '../../../electron/common/api/connections.js';
import type { DomainExtras, DomainRef, DomainSummary } from '../../../electron/common/api/domains.js';
import type { Preferences } from '../../../electron/common/api/preferences.js';
import type { VirtClient } from '../../../electron/common/rpc/client.js';
import { connectJobs } from './jobs.js';

export interface Notice {
  id: number;
  title: string;
  message: string;
  hint?: string;
}

export type SortKey = 'name' | 'title' | 'state' | 'vcpus' | 'memory' | 'uptime';

export interface UiState {
  backendLost: boolean;
  connections: ConnectionInfo[];
  /** Per connection, its VMs by UUID; absent until listed. */
  domains: Record<ConnectionId, Record<string, DomainSummary>>;
  /** Per connection, titles and guest addresses by UUID, for the VMs that were on screen (see extras.ts). */
  extras: Record<ConnectionId, Record<string, DomainExtras>>;
  selectedConnection: ConnectionId | null;
  selected: string[];
  filter: string;
  sort: { key: SortKey; descending: boolean };
  notices: Notice[];
  /** A destructive action waiting for the user's confirmation. */
  confirming: 'forceOff' | 'forceReset' | 'delete' | null;
  /** The right-hand pane: the selected host's VM list or Performance page, or the Top view. */
  view: MainView;
  /** The VM whose details page is open (over the view), if any. */
  details: DomainRef | null;
  /** The VM whose console is open (over everything else in the pane), if any. */
  console: DomainRef | null;
  /** null until read from the backend. */
  preferences: Preferences | null;
  /** Hosts whose sampling fails, with libvirt's message (changes rarely: once per change). */
  statsFailing: Record<ConnectionId, string>;
}

export type MainView = 'list' | 'host' | 'top';

export const useStore = create<UiState>(() => ({
  backendLost: false,
  connections: [],
  domains: {},
  extras: {},
  selectedConnection: null,
  selected: [],
  filter: '',
  sort: { key: 'name', descending: false },
  notices: [],
  confirming: null,
  view: 'list',
  details: null,
  console: null,
  preferences: null,
  statsFailing: {},
}));

let client: VirtClient | null = null;
export function api(): VirtClient['api'] {
  if (!client) throw new Error('the store is not connected');
  return client.api;
}

/** Follows one backend event directly (for a dialog's own progress, not for cached state). */
export function onBackendEvent<T extends keyof VirtEvents>(topic: T, handler: (payload: VirtEvents[T]) => void): () => void {
  if (!client) throw new Error('the store is not connected');
  return client.on(topic, handler);
}

type Queued = { [T in keyof VirtEvents]: { topic: T; payload: VirtEvents[T] } }[keyof VirtEvents];
let queue: Queued[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  useStore.setState((s) => {
    let connections = s.connections;
    const domains = { ...s.domains };
    let extras = s.extras;
    const dropExtras = (c: ConnectionId) => {
      if (!extras[c]) return;
      extras = { ...extras };
      delete extras[c];
    };
    for (const e of batch) {
      if (e.topic === 'connection.stateChanged') {
        const i = connections.findIndex((c) => c.id === e.payload.id);
        connections = i < 0 ? [...connections, e.payload] : connections.map((c, j) => (j === i ? e.payload : c));
        if (e.payload.state !== 'connected') {
          delete domains[e.payload.id];
          dropExtras(e.payload.id);
        }
      } else if (e.topic === 'connection.removed') {
        connections = connections.filter((c) => c.id !== e.payload.id);
        delete domains[e.payload.id];
        dropExtras(e.payload.id);
      } else if (e.topic === 'connections.reordered') {
        const rank = new Map(e.payload.ids.map((id, i) => [id, i]));
        connections = [...connections].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
      } else if (e.topic === 'domain.changed') {
        const c = e.payload.ref.connection;
        if (domains[c]) domains[c] = { ...domains[c], [e.payload.ref.uuid]: e.payload };
      } else if (e.topic === 'domain.removed') {
        const c = e.payload.connection;
        if (domains[c]) {
          const { [e.payload.uuid]: _gone, ...rest } = domains[c];
          domains[c] = rest;
        }
      }
    }
    const selectedConnection = s.selectedConnection && connections.some((c) => c.id === s.selectedConnection) ? s.selectedConnection : (connections[0]?.id ?? null);
    return { connections, domains, extras, selectedConnection };
  });
  // A VM that changed may have a new title or addresses: ask again if it is on screen.
  const changed = batch.flatMap((e) => (e.topic === 'domain.changed' ? [e.payload.ref] : []));
  if (changed.length) for (const l of domainListeners) l(changed);
  // A host that became connected shows its VMs without a click.
  for (const e of batch) if (e.topic === 'connection.stateChanged' && e.payload.state === 'connected') void loadDomains(e.payload.id);
}

const domainListeners = new Set<(refs: DomainSummary['ref'][]) => void>();
/** Called after each batch of events with the VMs that changed. */
export function onDomainsChanged(l: (refs: DomainSummary['ref'][]) => void): () => void {
  domainListeners.add(l);
  return () => domainListeners.delete(l);
}

function enqueue(e: Queued): void {
  queue.push(e);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flush);
  }
}

export async function connectStore(c: VirtClient): Promise<void> {
  client = c;
  c.on('connection.stateChanged', (payload) => enqueue({ topic: 'connection.stateChanged', payload }));
  c.on('connection.removed', (payload) => enqueue({ topic: 'connection.removed', payload }));
  c.on('connections.reordered', (payload) => enqueue({ topic: 'connections.reordered', payload }));
  c.on('domain.changed', (payload) => enqueue({ topic: 'domain.changed', payload }));
  c.on('domain.removed', (payload) => enqueue({ topic: 'domain.removed', payload }));
  // What was cleaned up after a crash is said once, as a notice; the jobs panel keeps it.
  void connectJobs(c, (j) => notify({ title: j.title, message: (j.cleaned ?? [j.result ?? '']).join(' '), ...(j.error?.hint ? { hint: j.error.hint } : {}) }));
  const connections = await c.api.connections.list({});
  useStore.setState({ connections, selectedConnection: connections[0]?.id ?? null });
  await Promise.all(connections.filter((x) => x.state === 'connected').map((x) => loadDomains(x.id)));
}

export async function loadDomains(connection: ConnectionId): Promise<void> {
  try {
    const rows = await api().domains.list({ connection });
    useStore.setState((s) => ({ domains: { ...s.domains, [connection]: Object.fromEntries(rows.map((r) => [r.ref.uuid, r])) } }));
  } catch {
    // not connected (any more): the connection's state says why
  }
}

let noticeId = 1;
export function notify(n: Omit<Notice, 'id'>): void {
  useStore.setState((s) => ({ notices: [...s.notices, { ...n, id: noticeId++ }] }));
}
export function dismiss(id: number): void {
  useStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function selectConnection(id: ConnectionId): void {
  useStore.setState((s) => ({ selectedConnection: id, selected: [], details: null, view: s.view === 'top' ? 'list' : s.view }));
}
export function showView(view: MainView): void {
  useStore.setState({ view, details: null });
}
export function openConsole(ref: DomainRef | null): void {
  useStore.setState({ console: ref });
}
export function openDetails(ref: DomainRef | null): void {
  useStore.setState({ details: ref });
}
export function setSelection(uuids: string[]): void {
  useStore.setState({ selected: uuids });
}
export function setFilter(filter: string): void {
  useStore.setState({ filter });
}
export function sortBy(key: SortKey): void {
  useStore.setState((s) => ({ sort: { key, descending: s.sort.key === key ? !s.sort.descending : false } }));
}
export function markBackendLost(): void {
  useStore.setState({ backendLost: true });
}
