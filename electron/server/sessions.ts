// One-time tokens (printed in the URL at start) traded for a session cookie. Tokens and
// session ids are compared in constant time and never logged.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'virtdeck_session';

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Sessions {
  #token: string | null = randomBytes(32).toString('base64url');
  readonly #sessions = new Set<string>();

  /** The token for the start-up URL; null once it was used. */
  get token(): string | null {
    return this.#token;
  }

  /** Trades the one-time token for a new session id, or null. */
  redeem(token: string): string | null {
    if (!this.#token || !equal(token, this.#token)) return null;
    this.#token = null;
    const id = randomBytes(32).toString('base64url');
    this.#sessions.add(id);
    return id;
  }

  /** Whether the Cookie header carries a live session. */
  check(cookieHeader: string | undefined): boolean {
    if (!cookieHeader) return false;
    for (const part of cookieHeader.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === COOKIE) {
        const id = v.join('=');
        for (const s of this.#sessions) if (equal(id, s)) return true;
      }
    }
    return false;
  }
}
