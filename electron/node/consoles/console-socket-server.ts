// The desktop app's console transport: the app:// page cannot reach browser mode's /console, so
// the main process runs a WebSocket server of its own on loopback, for console bridges only.
// It admits an upgrade only with the exact Host it listens on, our page's Origin and a valid
// single-use ticket; it answers nothing else.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CONSOLE_PATH } from './console-service.js';
import type { Ticketed } from './console-tickets.js';
import { openBridge } from './open-bridge.js';

export interface ConsoleSocketServer {
  /** ws://127.0.0.1:PORT, the origin tickets point at. */
  readonly origin: string;
  close(): Promise<void>;
}

export interface ConsoleSocketServerOptions {
  take(protocols: Iterable<string>): Ticketed | null;
  /** The only Origin allowed to connect (the desktop page's, app://virtdeck). */
  allowedOrigin: string;
  log(message: string): void;
}

const MAX_FRAME = 16 << 20;

/** The subprotocols a WebSocket upgrade offers. */
export function offeredProtocols(req: IncomingMessage): string[] {
  return String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export async function startConsoleSocketServer(o: ConsoleSocketServerOptions): Promise<ConsoleSocketServer> {
  let hostHeader = '';
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found.');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, handleProtocols: (offered) => (offered.has('binary') ? 'binary' : false) });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (code: number, why: string) => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\n\r\n`);
      o.log(`console server refused a WebSocket: ${why}`);
    };
    if (req.url !== CONSOLE_PATH) return refuse(404, 'Not Found');
    if (req.headers.host !== hostHeader) return refuse(421, 'Misdirected Request');
    if (req.headers.origin !== o.allowedOrigin) return refuse(403, 'Forbidden');
    const session = o.take(offeredProtocols(req));
    if (!session) return refuse(403, 'Forbidden (no valid console ticket)');
    wss.handleUpgrade(req, socket, head, (ws) => openBridge(ws, session, o.log));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hostHeader = `127.0.0.1:${port}`;
  return {
    origin: `ws://${hostHeader}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
