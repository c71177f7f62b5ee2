// Browser mode's session, as the page presents it. The secret lives in the page's origin-scoped
// storage (which includes the port, unlike cookies) and rides every /api WebSocket as a
// subprotocol, never in a URL; the server answers with API_PROTOCOL, never echoing the secret.
export const API_PROTOCOL = 'virtdeck';
export const SESSION_PROTOCOL_PREFIX = 'virtdeck.session.';
/** POST { token } here trades the one-time sign-in token for { secret }. */
export const SESSION_PATH = '/session';
/** POST here with `Authorization: Bearer SECRET` ends the session (Sign out). */
export const SIGN_OUT_PATH = '/session/end';
/** The close code of an /api socket whose session ended (expired, or signed out): the page stops reconnecting. */
export const SESSION_ENDED_CLOSE = 4001;
/** The page's storage key for the secret. */
export const SESSION_STORAGE_KEY = 'virtdeck.session';
