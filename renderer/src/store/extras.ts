// Titles and guest addresses cost the backend libvirt calls per VM, so they are asked for only
// for the rows on screen: the table reports them (debounced while scrolling), the answers are
// cached in the store, and a VM's entry is asked for again after its domain.changed event when
// it is on screen (or when it comes back on screen). Sorting by title asks for the titles of
// the whole host, titles only, since the user asked for an order that needs them all.
import type { ConnectionId } from '../../../electron/common/api/connections.js';
import type { DomainExtras } from '../../../electron/common/api/domains.js';
import { api, onDomainsChanged, useStore } from './store.js';

const DEBOUNCE_MS = 150;
const CHUNK = 200; // the contract's limit per call

let onScreen: { connection: ConnectionId; uuids: Set<string> } | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
const key = (c: ConnectionId, u: string) => `${c}\u0000${u}`;
/** Entries known to be out of date (their VM changed). */
const stale = new Set<string>();
/** Entries read without addresses (for sorting by title). */
const titleOnly = new Set<string>();
const inFlight = new Set<string>();

/** The table's rows on screen for a host; their extras load after a short pause in scrolling. */
export function showing(connection: ConnectionId | null, uuids: string[]): void {
  onScreen = connection ? { connection, uuids: new Set(uuids) } : null;
  schedule();
}

function schedule(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    void loadOnScreen();
  }, DEBOUNCE_MS);
}

function loadOnScreen(): Promise<void> {
  if (!onScreen) return Promise.resolve();
  const { connection, uuids } = onScreen;
  const have = useStore.getState().extras[connection] ?? {};
  const want = [...uuids].filter((u) => {
    const k = key(connection, u);
    return !inFlight.has(k) && (!have[u] || stale.has(k) || titleOnly.has(k));
  });
  return load(connection, want, true);
}

async function load(connection: ConnectionId, uuids: string[], addresses: boolean): Promise<void> {
  for (let i = 0; i < uuids.length; i += CHUNK) {
    const chunk = uuids.slice(i, i + CHUNK);
    for (const u of chunk) {
      inFlight.add(key(connection, u));
      stale.delete(key(connection, u));
    }
    let rows: DomainExtras[] = [];
    try {
      rows = await api().domains.extras({ connection, uuids: chunk, ...(addresses ? {} : { addresses: false }) });
    } catch {
      // not connected (any more): the connection's state says why; the cells stay empty
    } finally {
      for (const u of chunk) inFlight.delete(key(connection, u));
    }
    if (rows.length) {
      useStore.setState((s) => {
        const before = s.extras[connection] ?? {};
        const next = { ...before };
        for (const r of rows) {
          const k = key(connection, r.uuid);
          if (addresses) titleOnly.delete(k);
          else if (before[r.uuid] && !titleOnly.has(k)) {
            next[r.uuid] = { ...r, addresses: before[r.uuid]!.addresses }; // keep what the screen loaded
            continue;
          } else titleOnly.add(k);
          next[r.uuid] = r;
        }
        return { extras: { ...s.extras, [connection]: next } };
      });
    }
    // Changed while being read: read again if still on screen.
    if (onScreen?.connection === connection && chunk.some((u) => stale.has(key(connection, u)) && onScreen!.uuids.has(u))) schedule();
  }
}

onDomainsChanged((refs) => {
  let visible = false;
  for (const r of refs) {
    stale.add(key(r.connection, r.uuid));
    if (onScreen?.connection === r.connection && onScreen.uuids.has(r.uuid)) visible = true;
  }
  if (visible) schedule();
});

// Sorting by title needs every title of the host.
let titlesFor: ConnectionId | null = null;
useStore.subscribe((s, prev) => {
  const c = s.selectedConnection;
  if (s.sort.key !== 'title' || !c || !s.domains[c]) {
    titlesFor = null;
    return;
  }
  if (titlesFor === c && prev.sort.key === 'title' && prev.domains[c] && Object.keys(prev.domains[c]).length === Object.keys(s.domains[c]).length) return;
  titlesFor = c;
  const have = s.extras[c] ?? {};
  const missing = Object.keys(s.domains[c]).filter((u) => !have[u] && !inFlight.has(key(c, u)));
  if (missing.length) void load(c, missing, false);
});
