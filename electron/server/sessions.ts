// Browser-mode sessions. The one-time token printed at start is traded (by the page's script,
// POST /session) for two values: a secret the page keeps in origin-scoped storage and presents
// on every /api WebSocket, and a cookie that only gates the HTML. Cookies are scoped by host,
// not port, so any other server on 127.0.0.1 that the browser visits receives the cookie; it
// must therefore open nothing. Sessions end when idle (no socket open and no activity), at an
// absolute age, or on Sign out; a new sign-in link is then printed. Secrets, tokens and cookie
// values are compared in constant time and never logged.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SESSION_PROTOCOL_PREFIX } from '../common/rpc/session-protocol.js';
import { Emitter } from '../common/events/emitter.js';

export const COOKIE = 'virtdeck_session';

export interface SessionLimits {
  /** A session with no socket open and no request for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, whatever happens. */
  maxMs: number;
}

export const DEFAULT_LIMITS: SessionLimits = { idleMs: 60 * 60_000, maxMs: 24 * 60 * 60_000 };

export interface Session {
  readonly cookie: string;
  readonly secret: string;
  readonly created: number;
  lastSeen: number;
  /** Heard once, when the session ends. Each open socket listens (to close), so its size counts them. */
  readonly ended: Emitter<void>;
}

// Compared as digests, so lengths never differ and nothing leaks through timing.
const digest = (s: string) => createHash('sha256').update(s).digest();
function equal(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const fresh = () => randomBytes(32).toString('base64url');

export class Sessions {
  #token: string | null = fresh();
  readonly #sessions = new Set<Session>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly limits: SessionLimits = DEFAULT_LIMITS,
    private readonly onEnded: (why: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.#timer = setInterval(() => this.sweep(), Math.max(1000, Math.min(60_000, limits.idleMs / 4, limits.maxMs / 4)));
    this.#timer.unref();
  }

  /** The token for the sign-in URL; null while it is used and no session has ended since. */
  get token(): string | null {
    return this.#token;
  }

  /** Whether `token` is the current sign-in token (it stays valid until redeemed). */
  isToken(token: string): boolean {
    return this.#token !== null && equal(token, this.#token);
  }

  /** Trades the one-time token for a new session, or null. */
  redeem(token: string): Session | null {
    if (!this.isToken(token)) return null;
    this.#token = null;
    const t = this.now();
    const s: Session = { cookie: fresh(), secret: fresh(), created: t, lastSeen: t, ended: new Emitter() };
    this.#sessions.add(s);
    return s;
  }

  /** Whether the Cookie header carries a live session (this only gates the HTML). */
  checkCookie(cookieHeader: string | undefined): boolean {
    if (!cookieHeader) return false;
    for (const part of cookieHeader.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k !== COOKIE) continue;
      const s = this.#find((x) => equal(v.join('='), x.cookie));
      if (s) return true;
    }
    return false;
  }

  /** The live session whose secret is among the offered WebSocket subprotocols, or null. */
  fromProtocols(protocols: Iterable<string>): Session | null {
    for (const p of protocols) {
      if (!p.startsWith(SESSION_PROTOCOL_PREFIX)) continue;
      const secret = p.slice(SESSION_PROTOCOL_PREFIX.length);
      return this.#find((x) => equal(secret, x.secret));
    }
    return null;
  }

  /** The live session of an `Authorization: Bearer SECRET` header, or null. */
  fromBearer(header: string | undefined): Session | null {
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header ?? '');
    return m ? this.#find((x) => equal(m[1]!, x.secret)) : null;
  }

  touch(s: Session): void {
    s.lastSeen = this.now();
  }

  /** Ends a session: its sockets close, and a new sign-in token is made. */
  end(s: Session, why: string): void {
    if (!this.#sessions.delete(s)) return;
    try {
      s.ended.emit();
    } finally {
      s.ended.clear();
    }
    if (this.#token === null) this.#token = fresh();
    this.onEnded(why);
  }

  /** Ends expired sessions (also run on a timer). */
  sweep(): void {
    const t = this.now();
    for (const s of [...this.#sessions]) {
      const why = this.#expired(s, t);
      if (why) this.end(s, why);
    }
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  #expired(s: Session, t: number): string | null {
    if (t - s.created >= this.limits.maxMs) return 'the session reached its maximum age';
    // An open socket is a page in use: the session is idle only once every page has gone.
    if (s.ended.size === 0 && t - s.lastSeen >= this.limits.idleMs) return 'the session was idle';
    return null;
  }

  #find(match: (s: Session) => boolean): Session | null {
    this.sweep();
    for (const s of this.#sessions) if (match(s)) return s;
    return null;
  }
}
