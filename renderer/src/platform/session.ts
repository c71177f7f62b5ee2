// Browser mode's session on the page's side. The sign-in link's one-time token is traded for a
// secret kept in localStorage: scoped to this origin including its port (a cookie would reach
// every port of 127.0.0.1), shared by the detached console tabs of the same origin, and sent
// only as a WebSocket subprotocol or an Authorization header, never in a URL.
import { API_PROTOCOL, SESSION_PATH, SESSION_PROTOCOL_PREFIX, SESSION_STORAGE_KEY, SIGN_OUT_PATH } from '../../../electron/common/rpc/session-protocol.js';

/** Browser mode (no preload bridge): the page signs in itself. */
export function isBrowserMode(): boolean {
  return !window.virtdeck;
}

/** Redeems a sign-in token in the address bar (once), dropping it from the URL first. */
async function redeemToken(): Promise<void> {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const res = await fetch(SESSION_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }), credentials: 'same-origin' });
  if (!res.ok) return;
  const { secret } = (await res.json()) as { secret?: unknown };
  if (typeof secret === 'string') localStorage.setItem(SESSION_STORAGE_KEY, secret);
}

/** The subprotocols of an /api socket: the API's and, when signed in, the session's. */
export async function sessionProtocols(): Promise<string[]> {
  await redeemToken().catch(() => undefined);
  const secret = localStorage.getItem(SESSION_STORAGE_KEY);
  return secret ? [API_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${secret}`] : [API_PROTOCOL];
}

/** Ends the session on the server (every tab of it closes) and forgets the secret. */
export async function signOut(): Promise<void> {
  const secret = localStorage.getItem(SESSION_STORAGE_KEY);
  localStorage.removeItem(SESSION_STORAGE_KEY);
  if (secret) await fetch(SIGN_OUT_PATH, { method: 'POST', headers: { Authorization: `Bearer ${secret}` }, credentials: 'same-origin' });
}
