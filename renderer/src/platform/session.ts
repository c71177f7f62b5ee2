// Browser mode's session on the page's side. The sign-in link's one-time token is traded for a
// secret kept in localStorage: scoped to this origin including its port (a cookie would reach
// every port of 127.0.0.1), shared by the detached console tabs of the same origin, and sent
// only as a WebSocket subprotocol or an Authorization header, never in a URL.
import { API_PROTOCOL, SESSION_PATH, SESSION_PROTOCOL_PREFIX, SESSION_STORAGE_KEY, SIGN_OUT_PATH } from '../../../electron/common/rpc/session-protocol.js';

/** Browser mode (no preload bridge): the page signs in itself. */
export function isBrowserMode(): boolean {
  return !window.virtdeck;
}

/** Whether this origin holds a session secret (another tab may have signed out meanwhile). */
export function hasSessionSecret(): boolean {
  return localStorage.getItem(SESSION_STORAGE_KEY) !== null;
}

type Redeemed = 'ok' | 'refused' | 'unreachable';

/** Trades a one-time token for a session secret (POST /session). */
async function redeem(token: string): Promise<Redeemed> {
  const res = await fetch(SESSION_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }), credentials: 'same-origin' }).catch(
    () => null,
  );
  if (!res) return 'unreachable';
  if (!res.ok) return 'refused';
  const { secret } = (await res.json()) as { secret?: unknown };
  if (typeof secret !== 'string') return 'refused';
  localStorage.setItem(SESSION_STORAGE_KEY, secret);
  return 'ok';
}

/** Redeems a sign-in token in the address bar (once), dropping it from the URL first. */
async function redeemAddressBarToken(): Promise<void> {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  await redeem(token);
}

/** The subprotocols of an /api socket: the API's and, when signed in, the session's. */
export async function sessionProtocols(): Promise<string[]> {
  await redeemAddressBarToken().catch(() => undefined);
  const secret = localStorage.getItem(SESSION_STORAGE_KEY);
  return secret ? [API_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${secret}`] : [API_PROTOCOL];
}

/**
 * Whether the page's server still admits this page, asked when an /api socket was refused
 * before it opened (a browser does not tell a page why): true when it does, false when it
 * answers that the session is gone (the page's HTML needs the session's cookie, issued with
 * the secret and ending with it), null when it does not answer at all (down or restarting).
 */
export async function sessionAdmitted(): Promise<boolean | null> {
  const res = await fetch('/', { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' }).catch(() => null);
  if (!res) return null;
  return res.status !== 401;
}

export type SignInResult = Redeemed | 'notALink' | 'otherServer';

/**
 * Signs this page in again with a sign-in link Virtdeck printed (or its token alone), without
 * reloading it: after a session ended, or after the server restarted (sessions live in its memory).
 */
export async function signInWithLink(text: string): Promise<SignInResult> {
  const given = text.trim();
  if (/^[A-Za-z0-9_-]{16,}$/.test(given)) return redeem(given);
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return 'notALink';
  }
  const token = url.searchParams.get('token');
  if (!token) return 'notALink';
  if (url.origin !== location.origin) return 'otherServer';
  return redeem(token);
}

/** Ends the session on the server (every tab of it closes) and forgets the secret. */
export async function signOut(): Promise<void> {
  const secret = localStorage.getItem(SESSION_STORAGE_KEY);
  localStorage.removeItem(SESSION_STORAGE_KEY);
  if (secret) await fetch(SIGN_OUT_PATH, { method: 'POST', headers: { Authorization: `Bearer ${secret}` }, credentials: 'same-origin' });
}

/** Calls `l` when another tab of this origin signs in (stores a new secret). */
export function onSignedInElsewhere(l: () => void): void {
  window.addEventListener('storage', (e) => {
    if (e.key === SESSION_STORAGE_KEY && e.newValue !== null) l();
  });
}
