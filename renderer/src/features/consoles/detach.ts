// A console in a window of its own: the same page, routed by its hash to one VM's console. The
// desktop app opens it as a new secure window (the main process allows exactly this URL shape);
// browser mode opens a new tab on the same origin, where the session cookie already applies.
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { openConsole } from '../../store/store.js';

const ROUTE = /^#\/console\/([^/]+)\/([0-9a-f-]{36})$/i;

export function consoleRoute(ref: DomainRef): string {
  return `#/console/${encodeURIComponent(ref.connection)}/${ref.uuid}`;
}

/** The VM this window is dedicated to, when it is a detached console. */
export function detachedTarget(hash = location.hash): DomainRef | null {
  const m = ROUTE.exec(hash);
  return m ? { connection: decodeURIComponent(m[1]!), uuid: m[2]!.toLowerCase() } : null;
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
