// Browser mode as a test drives it without a browser: sign in with the start-up link, open
// WebSockets with chosen headers and subprotocols, and call the contract over /api.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { API_PROTOCOL, SESSION_PATH, SESSION_PROTOCOL_PREFIX } from '../../electron/common/rpc/session-protocol.js';
import { ConnectionStore } from '../../electron/node/connections/store.js';
import { waitFor } from '../integration/native/support.js';
import { startServe, type ServeOptions } from './serve-process.js';

export type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string; hint?: string } };

export interface Signed {
  /** The cookie (`name=value`) the server set: it only gates the HTML. */
  cookie: string;
  /** The /api socket's subprotocols, carrying the session secret as the page does. */
  protocols: string[];
}

function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; setCookie: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, setCookie: String(res.headers['set-cookie'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs in as the page's script does: trades the printed link's token for the session (POST /session). */
export async function signIn(login: string): Promise<Signed> {
  const url = new URL(login);
  const r = await post(`${url.origin}${SESSION_PATH}`, { Origin: url.origin, 'Content-Type': 'application/json' }, JSON.stringify({ token: url.searchParams.get('token') }));
  if (r.status !== 200) throw new Error(`sign-in refused: HTTP ${r.status} ${r.body}`);
  const { secret } = JSON.parse(r.body) as { secret: string };
  return { cookie: r.setCookie.split(';')[0]!, protocols: [API_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${secret}`] };
}

interface Inbox {
  items: Buffer[];
  waiters: ((d: Buffer) => void)[];
}
const inboxes = new WeakMap<WebSocket, Inbox>();

/**
 * Opens a WebSocket; rejects with `HTTP <status>` when the upgrade is refused. Messages are kept
 * from the first one on (`nextMessage`): a server that speaks first can send in the very chunk
 * that completes the upgrade, before a listener attached after `open` would exist.
 */
export function openSocket(url: string, protocols: string[], headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    const inbox: Inbox = { items: [], waiters: [] };
    inboxes.set(ws, inbox);
    ws.on('message', (d: Buffer) => {
      const waiter = inbox.waiters.shift();
      if (waiter) waiter(d);
      else inbox.items.push(d);
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** The next message of a socket from `openSocket`, in order; rejects after `timeoutMs`. */
export function nextMessage(ws: WebSocket, timeoutMs = 30_000): Promise<Buffer> {
  const inbox = inboxes.get(ws);
  if (!inbox) throw new Error('nextMessage needs a socket from openSocket');
  const queued = inbox.items.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      inbox.waiters.splice(inbox.waiters.indexOf(take), 1);
      reject(new Error(`no message within ${timeoutMs} ms`));
    }, timeoutMs);
    const take = (d: Buffer) => {
      clearTimeout(timer);
      resolve(d);
    };
    inbox.waiters.push(take);
  });
}

/** The contract over the page's WebSocket: one call, its result. */
export function rpc(ws: WebSocket): (method: string, params: unknown) => Promise<Answer> {
  let id = 0;
  return (method, params) =>
    new Promise((resolve) => {
      const mine = ++id;
      const on = (d: Buffer) => {
        const m = JSON.parse(d.toString()) as { t: string; id?: number };
        if (m.t === 'result' && m.id === mine) {
          ws.off('message', on);
          resolve(m as unknown as Answer);
        }
      };
      ws.on('message', on);
      ws.send(JSON.stringify({ t: 'call', id: mine, method, params }));
    });
}

export interface SignedInServe {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The session cookie and the page's Origin, as the page's own requests carry them. */
  headers: Record<string, string>;
  /** The /api socket's subprotocols (with the session secret). */
  protocols: string[];
  /** The contract over the page's /api socket. */
  call: ReturnType<typeof rpc>;
  /** The server's process id (its backend runs in that process). */
  pid: number;
  close(): Promise<void>;
}

/**
 * `npm run serve` on a fresh config holding `connections` (autoconnect), signed in, with the
 * page's /api socket open; resolves once every connection is connected.
 */
export async function startSignedInServe(
  connections: { id: string; uri: string }[],
  timeoutMs = 60_000,
  options: Pick<ServeOptions, 'nodeArgs' | 'checkResults'> = {},
): Promise<SignedInServe> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-serve-'));
  await new ConnectionStore(join(dir, 'config')).save(connections.map(({ id, uri }) => ({ id, spec: { uri, autoconnect: true } })));
  const server = startServe(['--port', '0', '--config-dir', join(dir, 'config')], options);
  const close = async () => {
    try {
      await server.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    const login = new URL(await server.ready);
    const signed = await signIn(login.href);
    const headers = { Cookie: signed.cookie, Origin: login.origin };
    const api = await openSocket(`ws://${login.host}/api`, signed.protocols, headers);
    const call = rpc(api);
    await waitFor('every host connected', async () => ((await call('connections.list', {})).value as { state: string }[]).every((c) => c.state === 'connected'), timeoutMs);
    return {
      origin: login.origin,
      headers,
      protocols: signed.protocols,
      call,
      pid: server.child.pid!,
      close: async () => {
        api.close();
        await close();
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
