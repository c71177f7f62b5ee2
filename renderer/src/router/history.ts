// The current place lives in the URL's hash: navigate() pushes (or replaces) a history entry,
// Back/Forward and a typed-in URL come back as hashchange/popstate. Listeners hear every change
// once, whichever way it came.
import { useSyncExternalStore } from 'react';
import { Emitter, type Unsubscribe } from '../../../electron/common/events/emitter.js';
import { formatHash, parseHash, samePlace, type Place } from './routes.js';

const placeChanged = new Emitter<Place>();
let current: Place = parseHash(location.hash);

function changed(): void {
  const next = parseHash(location.hash);
  if (samePlace(next, current)) return;
  current = next;
  placeChanged.emit(next);
}
window.addEventListener('hashchange', changed);
window.addEventListener('popstate', changed);

export function currentPlace(): Place {
  return current;
}

/**
 * Something that may hold the user here (an editor with changes not yet applied): asked before
 * navigate() leaves; true lets it go, false holds it, and the guard calls `proceed` once the
 * user agrees to leave. Corrections (`replace`), Back/Forward and a typed-in URL are not held.
 */
export type LeaveGuard = (proceed: () => void) => boolean;
let leaveGuard: LeaveGuard | null = null;

export function guardLeaving(guard: LeaveGuard): Unsubscribe {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

/** Goes to a place; `replace` keeps Back from returning to where we were (a corrected URL). */
export function navigate(place: Place, options: { replace?: boolean } = {}): void {
  if (samePlace(place, current)) return;
  if (!options.replace && leaveGuard && !leaveGuard(() => go(place, options))) return;
  go(place, options);
}

function go(place: Place, options: { replace?: boolean }): void {
  if (samePlace(place, current)) return;
  const url = `${location.pathname}${location.search}${formatHash(place)}`;
  if (options.replace) history.replaceState(history.state, '', url);
  else history.pushState(null, '', url);
  changed();
}

export function onPlaceChanged(l: (place: Place) => void): Unsubscribe {
  return placeChanged.on(l);
}

export function usePlace(): Place {
  return useSyncExternalStore(onPlaceChanged, currentPlace);
}
