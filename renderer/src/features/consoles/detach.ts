// A console in a window of its own: the same page, routed by its hash to one VM's console. The
// desktop app opens it as a new secure window (the main process allows exactly this URL shape);
// browser mode opens a new tab on the same origin, where the session cookie already applies.
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { formatHash, parseHash } from '../../router/routes.js';
import { openConsole } from '../../store/store.js';

export function consoleRoute(ref: DomainRef): string {
  return formatHash({ name: 'console', host: ref.connection, uuid: ref.uuid });
}

/** The VM this window is dedicated to, when it is a detached console (the app's `console` route). */
export function detachedTarget(hash = location.hash): DomainRef | null {
  const place = parseHash(hash);
  return place.name === 'console' ? { connection: place.host, uuid: place.uuid } : null;
}

export function isDetachedConsole(): boolean {
  return detachedTarget() !== null;
}

export function detachConsole(ref: DomainRef): void {
  const url = `${location.origin}${location.pathname}${consoleRoute(ref)}`;
  // One session per console: this window lets go of it before the new one opens its own.
  openConsole(null);
  window.open(url, '_blank', 'noopener');
}
