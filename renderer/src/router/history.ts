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

/** Goes to a place; `replace` keeps Back from returning to where we were (a corrected URL). */
export function navigate(place: Place, options: { replace?: boolean } = {}): void {
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
