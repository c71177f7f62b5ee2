// The one kind of window the page may open: our own page routed to one VM's console
// (the renderer's detach.ts makes these URLs). Anything else is refused.
import { APP_ORIGIN } from './ipc-peer.js';

const CONSOLE_ROUTE = /^#\/console\/[^/#?]+\/[0-9a-f-]{36}$/i;

export function isConsoleWindowUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // Compared by scheme and host: an unregistered scheme's URL.origin is "null" outside Electron.
  return `${u.protocol}//${u.host}` === APP_ORIGIN && (u.pathname === '/' || u.pathname === '/index.html') && u.search === '' && CONSOLE_ROUTE.test(u.hash);
}
