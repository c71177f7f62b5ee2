// One read of a VM's hardware shared by whatever shows it (the Hardware tab, the details
// header's "Restart pending" badge), so showing both costs one `domains.hardware` call: read
// when the first one subscribes, again whenever the VM changes (an edit here, another window,
// virsh), forgotten when the last one leaves. Reads may overlap (events arrive while one is in
// flight): only the latest one counts.
import { useCallback, useSyncExternalStore } from 'react';
import type { DomainHardware } from '../../../../../electron/common/api/domain-edits.js';
import type { DomainRef } from '../../../../../electron/common/api/domains.js';
import type { Unsubscribe } from '../../../../../electron/common/events/emitter.js';
import { api, onDomainsChanged } from '../../../store/store.js';

export interface HardwareRead {
  /** The last hardware read (kept when a later read fails). */
  hw: DomainHardware | null;
  /** Why the last read failed, if it did. */
  error: unknown;
}

interface Entry {
  ref: DomainRef;
  read: HardwareRead;
  listeners: Set<() => void>;
  seq: number;
  off: Unsubscribe;
}

const NONE: HardwareRead = { hw: null, error: null };
const entries = new Map<string, Entry>();
const keyOf = (connection: string, uuid: string) => `${connection}\u0000${uuid}`;

async function load(e: Entry): Promise<void> {
  const mine = ++e.seq;
  let next: HardwareRead;
  try {
    next = { hw: await api().domains.hardware({ ref: e.ref }), error: null };
  } catch (error) {
    next = { hw: e.read.hw, error };
  }
  if (mine !== e.seq || entries.get(keyOf(e.ref.connection, e.ref.uuid)) !== e) return;
  e.read = next;
  for (const l of e.listeners) l();
}

function subscribe(ref: DomainRef, listener: () => void): Unsubscribe {
  const key = keyOf(ref.connection, ref.uuid);
  let e = entries.get(key);
  if (!e) {
    const entry: Entry = { ref: { connection: ref.connection, uuid: ref.uuid }, read: NONE, listeners: new Set(), seq: 0, off: () => {} };
    entry.off = onDomainsChanged((refs) => {
      if (refs.some((r) => r.connection === ref.connection && r.uuid === ref.uuid)) void load(entry);
    });
    entries.set(key, entry);
    e = entry;
    void load(entry);
  }
  const entry = e;
  entry.listeners.add(listener);
  return () => {
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    entry.off();
    entries.delete(key);
  };
}

/** Reads the VM's hardware again now (after an edit, or for a conflict's Reload). */
export function reloadHardware(ref: DomainRef): Promise<void> {
  const e = entries.get(keyOf(ref.connection, ref.uuid));
  return e ? load(e) : Promise.resolve();
}

/** The VM's hardware as last read; `enabled: false` reads nothing (and shows nothing). */
export function useHardware(ref: DomainRef, enabled = true): HardwareRead {
  const { connection, uuid } = ref;
  const sub = useCallback((l: () => void) => (enabled ? subscribe({ connection, uuid }, l) : () => {}), [connection, uuid, enabled]);
  const get = useCallback(() => (enabled ? (entries.get(keyOf(connection, uuid))?.read ?? NONE) : NONE), [connection, uuid, enabled]);
  return useSyncExternalStore(sub, get);
}
