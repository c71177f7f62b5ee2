// Browser mode: the same backend as the desktop app, with the renderer over HTTP and the
// contract over a WebSocket. The page signs in by trading the printed one-time token for a
// session secret (POST /session) and presents that secret on every /api socket; the cookie
// set alongside only gates the HTML (cookies reach every port of the host, see sessions.ts).
// WebSocket upgrades also need this server's own Origin and Host (no cross-site pages, no DNS
// rebinding); console sockets need a single-use ticket handed out over /api.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PROTOCOL, SESSION_ENDED_CLOSE, SESSION_PATH, SIGN_OUT_PATH } from '../common/rpc/session-protocol.js';
import { CONSOLE_PATH } from '../node/consoles/console-service.js';
import { openBridge } from '../node/consoles/open-bridge.js';
import { offeredProtocols } from '../node/consoles/console-socket-server.js';
import { contentTypeOf, rendererHeaders, resolveRendererFile } from '../node/renderer-files.js';
import { serve } from '../node/rpc/serve.js';
import type { Backend } from '../node/virt-service.js';
import { servedHosts } from './hosts.js';
import type { ServeOptions } from './options.js';
import { refusalLog } from './refusal-log.js';
import { COOKIE, DEFAULT_LIMITS, Sessions } from './sessions.js';
import { socketPeer } from './socket-peer.js';

const MAX_MESSAGE = 1 << 20;
const MAX_SIGN_IN_BODY = 4096;

export interface RunningServer {
  url: string;
  /** The sign-in URL with the current one-time token (null while a session holds it). */
  readonly loginUrl: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      body += d;
      if (body.length > limit) {
        resolve(null);
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(null));
  });
}

export async function startServer(
  backend: Backend,
  o: ServeOptions,
  rendererDir: string,
  log: (m: string) => void,
  onSignInLink: (url: string) => void = () => {},
): Promise<RunningServer> {
  const tls = o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : null;
  const scheme = tls ? 'https' : 'http';
  let primary = '';
  let admitted = new Set<string>();
  const loginUrl = () => `${scheme}://${primary}/?token=${sessions.token ?? ''}`;
  const sessions = new Sessions({ idleMs: o.sessionIdleMs ?? DEFAULT_LIMITS.idleMs, maxMs: o.sessionMaxMs ?? DEFAULT_LIMITS.maxMs }, (why) => {
    log(`a session ended (${why}); sign in again with the new link`);
    onSignInLink(loginUrl());
  });
  const refused = refusalLog(log);
  /** The request's own origin, when its Host is one this server answers to. */
  const ownOrigin = (req: IncomingMessage): string | null => {
    const host = req.headers.host;
    return host !== undefined && admitted.has(host) ? `${scheme}://${host}` : null;
  };

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { ...rendererHeaders(type), 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const signIn = async (req: IncomingMessage, res: ServerResponse, origin: string) => {
    if (req.headers.origin !== origin) return send(res, 403, 'Sign in from Virtdeck’s own page.');
    const body = await readBody(req, MAX_SIGN_IN_BODY);
    let token = '';
    try {
      const sent = (JSON.parse(body ?? '') as { token?: unknown }).token;
      token = typeof sent === 'string' ? sent : '';
    } catch {
      return send(res, 400, 'Send {"token": "..."}.');
    }
    const s = sessions.redeem(token);
    if (!s) {
      refused('refused a sign-in: the token was used already or is wrong');
      return send(res, 403, 'This sign-in link was already used or is wrong. Use the newest link Virtdeck printed.');
    }
    const maxAge = Math.floor(sessions.limits.maxMs / 1000);
    res.writeHead(200, {
      ...rendererHeaders('application/json'),
      'Cache-Control': 'no-store',
      'Set-Cookie': `${COOKIE}=${s.cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${tls ? '; Secure' : ''}`,
    });
    res.end(JSON.stringify({ secret: s.secret, idleMs: sessions.limits.idleMs, maxMs: sessions.limits.maxMs }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = ownOrigin(req);
    if (!origin) return send(res, 421, 'Wrong host.');
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'POST' && url.pathname === SESSION_PATH) return signIn(req, res, origin);
    if (req.method === 'POST' && url.pathname === SIGN_OUT_PATH) {
      if (req.headers.origin !== origin) return send(res, 403, 'Sign out from Virtdeck’s own page.');
      const s = sessions.fromBearer(req.headers.authorization);
      if (s) sessions.end(s, 'signed out');
      res.writeHead(204, { 'Cache-Control': 'no-store', 'Set-Cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${tls ? '; Secure' : ''}` });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    // The page (HTML) needs the sign-in token or the cookie; the page at the sign-in link is
    // served before the token is redeemed, since its script trades it. The bundle it loads is
    // the same for everyone and opens nothing by itself.
    const token = url.searchParams.get('token');
    if (contentTypeOf(file).startsWith('text/html')) {
      const admittedPage = token !== null ? sessions.isToken(token) : sessions.checkCookie(req.headers.cookie);
      if (!admittedPage) {
        if (token !== null) return send(res, 403, 'This sign-in link was already used or is wrong. Use the newest link Virtdeck printed.');
        return send(res, 401, 'Open the sign-in link Virtdeck printed when it started (or after the last session ended).');
      }
    }
    if (!existsSync(join(rendererDir, 'index.html'))) return send(res, 503, 'The Virtdeck UI is not built yet; the API is available over the WebSocket at /api.');
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...rendererHeaders(contentTypeOf(file)), ...(token !== null ? { 'Cache-Control': 'no-store' } : {}) });
      res.end(body);
    } catch {
      send(res, 404, 'Not found.');
    }
  };

  const server = tls ? createHttps(tls, (q, s) => void handle(q, s)) : createHttp((q, s) => void handle(q, s));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE, handleProtocols: (offered) => (offered.has(API_PROTOCOL) ? API_PROTOCOL : false) });
  // Console bridges speak the 'binary' subprotocol; the ticket rides along as another one.
  const consoles = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE, handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false) });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (code: number, why: string) => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\n\r\n`);
      refused(`refused a WebSocket: ${why}`);
    };
    const origin = ownOrigin(req);
    if (!origin) return refuse(421, 'Misdirected Request');
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path !== '/api' && path !== CONSOLE_PATH) return refuse(404, 'Not Found');
    if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
    if (path === CONSOLE_PATH) {
      // The ticket was handed out over an /api socket of a live session, to that page only.
      const session = backend.consoles.take(offeredProtocols(req));
      if (!session) return refuse(403, 'Forbidden (no valid console ticket)');
      return consoles.handleUpgrade(req, socket, head, (ws) => openBridge(ws, session, log));
    }
    const session = sessions.fromProtocols(offeredProtocols(req));
    if (!session) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const offEnded = session.ended.on(() => ws.close(SESSION_ENDED_CLOSE, 'session ended'));
      sessions.touch(session);
      const stop = serve(
        socketPeer(ws, log, () => sessions.touch(session)),
        backend.api,
        backend.events,
        log,
      );
      ws.on('close', () => {
        stop();
        offEnded();
        sessions.touch(session);
      });
      // An oversized or malformed frame closes this socket (ws sends the close code); without a
      // listener the error would be thrown and take the whole server down.
      ws.on('error', (err) => log(`closed a WebSocket: ${err.message}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.listen, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  ({ admitted, primary } = servedHosts(o.listen, addr.address, addr.port));
  return {
    url: `${scheme}://${primary}`,
    get loginUrl() {
      return loginUrl();
    },
    close: () =>
      new Promise<void>((resolve) => {
        sessions.dispose();
        for (const c of [...wss.clients, ...consoles.clients]) c.terminate();
        wss.close();
        consoles.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
