// The UI's cache of backend state, one zustand store made of slices (connections.ts,
// domains.ts, place.ts, ...): each slice has its state, its event reducer and its selectors in
// its own module; this file composes them. Events are queued and applied once per animation
// frame, so a burst (a host starting 100 VMs) costs one render. Live figures have a store of
// their own (../stats/live.ts).
import { create } from 'zustand';
import type { VirtEvents } from '../../../electron/common/api/contract.js';
import type { ConnectionId } from '../../../electron/common/api/connections.js';
import type { DomainRef, DomainSummary } from '../../../electron/common/api/domains.js';
import type { Preferences } from '../../../electron/common/api/preferences.js';
import type { VirtClient } from '../../../electron/common/rpc/client.js';
import { Emitter, type Unsubscribe } from '../../../electron/common/events/emitter.js';
import type { LinkState, Transport } from '../platform/transport.js';
import { finishedRecoveries, initialJobs, reduceJobs, unseenRecovery, withJobListing, type JobsState } from './jobs.js';
import type { JobInfo } from '../../../electron/common/api/jobs.js';
import { describeError, describeErrorData, wordMessage } from '../i18n/messages.js';
import { currentPlace, navigate, onPlaceChanged } from '../router/history.js';
import type { Place } from '../router/routes.js';
import { initialConnections, reduceConnections, type ConnectionsState } from './connections.js';
import { changedDomains, initialDomains, reduceDomains, withListing, type DomainsState } from './domains.js';
import { CACHED_TOPICS, connectedIn, type BackendEvent } from './events.js';
import { goToDetails, initialPlace, leaveDetails, placeState, viewPlace, DEFAULT_DETAILS_TAB, type MainView, type PlaceState } from './place.js';

export type { MainView } from './place.js';

export interface Notice {
  id: number;
  title: string;
  /** What happened, worded (for an error: through its catalog id, see i18n/messages.ts). */
  text: string;
  hint?: string;
  /** An error's code, shown small for support. */
  code?: string;
}

export type SortKey = 'name' | 'title' | 'state' | 'vcpus' | 'memory' | 'uptime';

export interface UiState extends ConnectionsState, DomainsState, PlaceState, JobsState {
  /** The link to the backend (browser mode's WebSocket can drop, and is reconnected). */
  link: LinkState;
  selected: string[];
  filter: string;
  sort: { key: SortKey; descending: boolean };
  notices: Notice[];
  /** A destructive action waiting for the user's confirmation. */
  confirming: 'forceOff' | 'forceReset' | 'delete' | null;
  /** The VM whose console is open (over everything else in the pane), if any. */
  console: DomainRef | null;
  /** null until read from the backend. */
  preferences: Preferences | null;
  /** Hosts whose sampling fails, with libvirt's message (changes rarely: once per change). */
  statsFailing: Record<ConnectionId, string>;
}

export const useStore = create<UiState>(() => ({
  ...initialConnections,
  ...initialDomains,
  ...initialJobs,
  ...initialPlace,
  link: { kind: 'connecting' },
  selected: [],
  filter: '',
  sort: { key: 'name', descending: false },
  notices: [],
  confirming: null,
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

/**
 * Each object slice: how it folds events and how it lists a connection's objects again. A new
 * object kind (networks, pools, snapshots, jobs) adds its module and one line here.
 */
interface SliceBinding {
  reduce(s: UiState, batch: readonly BackendEvent[]): Partial<UiState>;
  /** Lists the connection's objects afresh (it came back, or the backend did). */
  resync(connection: ConnectionId): Promise<void>;
}
const slices: SliceBinding[] = [
  { reduce: reduceConnections, resync: async () => undefined /* the connection list is read by resyncAll */ },
  { reduce: reduceDomains, resync: loadDomains },
  { reduce: reduceJobs, resync: async () => undefined /* jobs of every host: read by resyncAll */ },
];

let queue: BackendEvent[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  useStore.setState((s) => {
    let next: UiState = s;
    for (const slice of slices) {
      const part = slice.reduce(next, batch);
      if (part !== next) next = { ...next, ...part };
    }
    return next;
  });
  keepPlaceValid();
  for (const j of finishedRecoveries(batch)) if (unseenRecovery(j)) notifyRecovery(j);
  // A VM that changed may have a new title or addresses: ask again if it is on screen.
  const changed = changedDomains(batch);
  if (changed.length) domainsChanged.emit(changed);
  // A host that became connected (again) shows its objects without a click.
  for (const id of connectedIn(batch)) for (const slice of slices) void slice.resync(id);
}

const domainsChanged = new Emitter<DomainSummary['ref'][]>();
/** Called after each batch of events with the VMs that changed. */
export function onDomainsChanged(l: (refs: DomainSummary['ref'][]) => void): Unsubscribe {
  return domainsChanged.on(l);
}

function enqueue(e: BackendEvent): void {
  queue.push(e);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flush);
  }
}

let transport: Transport | null = null;
export async function connectStore(c: VirtClient, t: Transport): Promise<void> {
  client = c;
  transport = t;
  for (const topic of CACHED_TOPICS) c.on(topic, (payload: VirtEvents[typeof topic]) => enqueue({ topic, payload } as BackendEvent));
  followPlace();
  // Every time the link opens (the first time, and after it was lost) everything is read again:
  // the events sent meanwhile are gone.
  t.onState((link) => {
    useStore.setState({ link });
    if (link.kind === 'open') void resyncAll().catch(() => undefined /* lost again: the link's state says so */);
  });
  useStore.setState({ link: t.state() });
  if (t.state().kind === 'open') await resyncAll();
}

/** Tries to reach the backend again at once (the banner's Reconnect now, and after signing in again). */
export function retryLink(): void {
  transport?.retryNow();
}

let listed = false;
/**
 * Reads everything again: the connections, then every slice of each connected host. At start,
 * and whenever the backend was lost and is back: events sent meanwhile are gone.
 */
export async function resyncAll(): Promise<void> {
  const connections = await api().connections.list({});
  listed = true;
  useStore.setState({ connections });
  keepPlaceValid();
  await loadJobs();
  await Promise.all(connections.filter((x) => x.state === 'connected').flatMap((x) => slices.map((slice) => slice.resync(x.id))));
  // What is cached beside the listings (titles, addresses) may be as old: ask again for what is on screen.
  const listedVms = Object.values(useStore.getState().domains).flatMap((byUuid) => Object.values(byUuid).map((d) => d.ref));
  if (listedVms.length) domainsChanged.emit(listedVms);
}

export async function loadDomains(connection: ConnectionId): Promise<void> {
  try {
    const rows = await api().domains.list({ connection });
    useStore.setState((s) => withListing(s, connection, rows));
  } catch {
    // not connected (any more): the connection's state says why
  }
}

// The place: URL → store, and the store's actions → URL.
function followPlace(): void {
  const apply = (p: Place) => {
    useStore.setState((s) => placeState(p, s));
    keepPlaceValid();
  };
  apply(currentPlace());
  onPlaceChanged(apply);
}

/** A place that names no host, or one that is gone, becomes the first host's list. */
function keepPlaceValid(): void {
  if (!listed) return;
  const s = useStore.getState();
  const place = currentPlace();
  const host = 'host' in place ? place.host : null;
  if (place.name === 'top' || place.name === 'console') return;
  if (host && s.connections.some((c) => c.id === host)) return;
  const first = s.connections[0]?.id ?? null;
  if (first) navigate({ name: 'host', host: first }, { replace: true });
  else useStore.setState({ selectedConnection: null, details: null });
}

let noticeId = 1;
export function notify(n: Omit<Notice, 'id'>): void {
  useStore.setState((s) => ({ notices: [...s.notices, { ...n, id: noticeId++ }] }));
}
/** Reports a failure as a notice: the title says what was being done, the error what happened and what to do. */
export function notifyError(title: string, err: unknown): void {
  const w = describeError(err);
  notify({ title, text: w.text, ...(w.hint ? { hint: w.hint } : {}), code: w.code });
}
export function dismiss(id: number): void {
  useStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function selectConnection(id: ConnectionId): void {
  const s = useStore.getState();
  useStore.setState({ selected: [] });
  navigate(viewPlace(s.view === 'top' ? 'list' : s.view, id));
}
export function showView(view: MainView): void {
  navigate(viewPlace(view, useStore.getState().selectedConnection));
}
export function openConsole(ref: DomainRef | null): void {
  useStore.setState({ console: ref });
}
/** Opens a VM's details (on a tab, else the Overview), or closes them (null) back to where they were opened. */
export function openDetails(ref: DomainRef | null, tab = DEFAULT_DETAILS_TAB): void {
  if (ref) goToDetails(ref, tab);
  else leaveDetails(useStore.getState());
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
/** Reads the jobs of every host again; recoveries not yet raised are raised now. */
export async function loadJobs(): Promise<void> {
  const all = await api()
    .jobs.list({})
    .catch(() => [] as JobInfo[]);
  useStore.setState((s) => withJobListing(s, all));
  for (const j of all) if (j.kind === 'recovery' && unseenRecovery(j)) notifyRecovery(j);
}

/** What was cleaned up after a crash is said once, as a notice; the jobs panel keeps it. */
function notifyRecovery(j: JobInfo): void {
  const error = j.error ? describeErrorData(j.error) : null;
  const lines = j.cleaned ?? (j.result ? [j.result] : []);
  notify({ title: wordMessage(j.title), text: lines.map(wordMessage).join(' '), ...(error?.hint ? { hint: error.hint } : {}) });
}

export function setJobsPanel(open: boolean): void {
  useStore.setState({ jobsPanelOpen: open });
}
