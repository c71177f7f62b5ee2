// Browser mode: the same backend as the desktop app, with the renderer over HTTP and the
// contract over a WebSocket. Every request needs the session cookie; WebSocket upgrades also
// need this server's own Origin and Host (no cross-site pages, no DNS rebinding).
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RpcMessage, RpcPeer } from '../common/rpc/messages.js';
import { CONSOLE_PATH } from '../node/consoles/console-service.js';
import { openBridge } from '../node/consoles/open-bridge.js';
import { offeredProtocols } from '../node/consoles/console-socket-server.js';
import { contentTypeOf, rendererHeaders, resolveRendererFile } from '../node/renderer-files.js';
import { serve } from '../node/rpc/serve.js';
import type { Backend } from '../node/virt-service.js';
import type { ServeOptions } from './options.js';
import { COOKIE, Sessions } from './sessions.js';

const MAX_MESSAGE = 1 << 20;

export interface RunningServer {
  url: string;
  /** The start-up URL with the one-time token. */
  loginUrl: string;
  close(): Promise<void>;
}

function socketPeer(ws: WebSocket): RpcPeer {
  return {
    send: (m) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    },
    onMessage: (handler) => {
      const on = (data: Buffer, isBinary: boolean) => {
        if (isBinary) return ws.close(1003, 'text frames only');
        let m: RpcMessage;
        try {
          m = JSON.parse(data.toString('utf8')) as RpcMessage;
        } catch {
          return ws.close(1007, 'not JSON');
        }
        handler(m);
      };
      ws.on('message', on);
      return () => ws.off('message', on);
    },
  };
}

export async function startServer(backend: Backend, o: ServeOptions, rendererDir: string, log: (m: string) => void): Promise<RunningServer> {
  const sessions = new Sessions();
  const tls = o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : null;
  let origin = '';
  let hostHeader = '';

  const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { ...rendererHeaders(type), 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== hostHeader) return send(res, 421, 'Wrong host.');
    const url = new URL(req.url ?? '/', origin);
    const token = url.searchParams.get('token');
    if (token !== null) {
      const id = sessions.redeem(token);
      if (!id) return send(res, 403, 'This sign-in link was already used or is wrong. Restart `npm run serve` for a new one.');
      res.writeHead(303, {
        Location: '/',
        'Set-Cookie': `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/${tls ? '; Secure' : ''}`,
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    if (!sessions.check(req.headers.cookie)) return send(res, 401, 'Open the link Virtdeck printed when it started.');
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    if (!existsSync(join(rendererDir, 'index.html'))) return send(res, 503, 'The Virtdeck UI is not built yet; the API is available over the WebSocket at /api.');
    try {
      const body = await readFile(file);
      res.writeHead(200, rendererHeaders(contentTypeOf(file)));
      res.end(body);
    } catch {
      send(res, 404, 'Not found.');
    }
  };

  const server = tls ? createHttps(tls, (q, s) => void handle(q, s)) : createHttp((q, s) => void handle(q, s));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  // Console bridges speak the 'binary' subprotocol; the ticket rides along as another one.
  const consoles = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE, handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false) });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (code: number, why: string) => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\n\r\n`);
      log(`refused a WebSocket: ${why}`);
    };
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path !== '/api' && path !== CONSOLE_PATH) return refuse(404, 'Not Found');
    if (req.headers.host !== hostHeader) return refuse(421, 'Misdirected Request');
    if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
    if (!sessions.check(req.headers.cookie)) return refuse(401, 'Unauthorized');
    if (path === CONSOLE_PATH) {
      const session = backend.consoles.take(offeredProtocols(req));
      if (!session) return refuse(403, 'Forbidden (no valid console ticket)');
      return consoles.handleUpgrade(req, socket, head, (ws) => openBridge(ws, session, log));
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stop = serve(socketPeer(ws), backend.api, backend.events, log);
      ws.on('close', stop);
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
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  hostHeader = `${host}:${addr.port}`;
  origin = `${tls ? 'https' : 'http'}://${hostHeader}`;
  return {
    url: origin,
    loginUrl: `${origin}/?token=${sessions.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of [...wss.clients, ...consoles.clients]) c.terminate();
        wss.close();
        consoles.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
