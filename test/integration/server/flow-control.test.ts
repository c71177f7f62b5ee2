// #17 item 5: one client can neither stall a host nor grow the server without bound. The
// contract is served over real WebSockets from a real backend on libvirt's test driver; the
// console bridge relays to a real TCP display that stops reading. Bounds are checked by
// counting calls and measuring buffers, never by wall-clock time.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createTcp, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { ConnectionStore } from '../../../electron/node/connections/store.js';
import { bridgeConsole, HIGH_WATER } from '../../../electron/node/consoles/console-bridge.js';
import { DEFAULT_FLOW, serve } from '../../../electron/node/rpc/serve.js';
import { createBackend, type Backend } from '../../../electron/node/virt-service.js';
import { socketPeer, type SendLimits } from '../../../electron/server/socket-peer.js';
import { waitFor } from '../native/support.js';

const SEND: SendLimits = { skipStatsAt: 64 << 10, closeAt: 256 << 10 };

describe('flow control', () => {
  let dir: string;
  let backend: Backend;
  let http: Server;
  let url: string;
  let listCalls = 0;
  let extrasCalls = 0;
  let extrasDone = 0;
  /** While set, calls of domains.extras wait for it before going on to libvirt (they hold their slots). */
  let extrasGate: Promise<void> | null = null;
  const server: WebSocket[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-flow-'));
    await new ConnectionStore(join(dir, 'config')).save([{ id: 't', spec: { uri: 'test:///default', autoconnect: true } }]);
    backend = await createBackend({ configDir: join(dir, 'config'), firstRun: [] });
    await waitFor('connected', async () => (await backend.api.connections.list({})).every((c) => c.state === 'connected'), 30_000);
    // Counts the calls that reach the implementation (and so libvirt).
    const domains = backend.api.domains as { list: (p: { connection: string }) => unknown; extras: (p: { connection: string; uuids: string[] }) => unknown };
    const list = domains.list.bind(domains);
    domains.list = (p) => {
      listCalls++;
      return list(p);
    };
    const extras = domains.extras.bind(domains);
    domains.extras = async (p) => {
      extrasCalls++;
      try {
        if (extrasGate) await extrasGate;
        return await extras(p);
      } finally {
        extrasDone++;
      }
    };
    http = createHttp();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) => {
      server.push(ws);
      const stop = serve(
        socketPeer(
          ws,
          () => undefined,
          () => undefined,
          SEND,
        ),
        backend.api,
        backend.events,
      );
      ws.on('close', stop);
      ws.on('error', () => undefined);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  });
  after(async () => {
    for (const ws of server) ws.terminate();
    http?.close();
    await backend?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const call = (ws: WebSocket, id: number, method: string, params: unknown) => ws.send(JSON.stringify({ t: 'call', id, method, params }));

  it('drops the calls of a socket that closed before they reach libvirt, and answers a fresh socket', async () => {
    const before = extrasCalls;
    let release = () => {};
    extrasGate = new Promise<void>((r) => (release = r));
    const a = await open();
    const busy: unknown[] = [];
    a.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { ok?: boolean; error?: { code: string } };
      if (m.error?.code === 'busy') busy.push(m);
    });
    try {
      // 1,000 different reads (each its own VM), so no coalescing can stand in for dropping them.
      // The first ones hold their slots (the gate) until the server has seen the socket close.
      for (let i = 1; i <= 1000; i++) call(a, i, 'domains.extras', { connection: 't', uuids: [`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`] });
      await waitFor('the first calls running', () => extrasCalls - before >= DEFAULT_FLOW.running, 10_000);
      a.close();
      await waitFor('the server saw the close', () => server.at(-1)!.readyState === WebSocket.CLOSED, 10_000);
    } finally {
      extrasGate = null;
      release();
    }
    // A waiting call starts (in the same turn) as a running one ends: when every started call has
    // ended, whatever the server would still run for the closed socket has run.
    await waitFor('the started calls ended', () => extrasDone - before === extrasCalls - before, 30_000);
    const b = await open();
    const answer = new Promise<{ ok: boolean }>((resolve) => b.on('message', (d: Buffer) => resolve(JSON.parse(d.toString()) as { ok: boolean })));
    call(b, 1, 'domains.list', { connection: 't' });
    assert.equal((await answer).ok, true);
    b.close();
    const reached = extrasCalls - before;
    // Only the calls running when the socket closed reached libvirt; the rest were refused as
    // busy or dropped from the queue when it closed.
    assert.ok(reached <= DEFAULT_FLOW.running, `${reached} of 1,000 calls of the closed socket reached libvirt (${DEFAULT_FLOW.running} were running when it closed)`);
    process.stdout.write(`# ${reached} of 1,000 calls of the closed socket reached libvirt; ${busy.length} refused as busy\n`);
  });

  it('refuses calls beyond the per-socket limit with busy, and coalesces identical reads', async () => {
    const before = listCalls;
    const a = await open();
    const results: { id: number; ok: boolean; error?: { code: string; message: string } }[] = [];
    a.on('message', (d: Buffer) => results.push(JSON.parse(d.toString()) as (typeof results)[number]));
    const n = DEFAULT_FLOW.running + DEFAULT_FLOW.queued + 50;
    for (let i = 1; i <= n; i++) call(a, i, 'domains.list', { connection: 't' });
    await waitFor('every call answered', () => results.filter((r) => 'id' in r).length === n, 30_000);
    const busy = results.filter((r) => r.error?.code === 'busy');
    assert.equal(busy.length, 50);
    assert.match(busy[0]!.error!.message, /Too many calls are waiting/);
    assert.ok(listCalls - before < n - 50, `${listCalls - before} executions for ${n - 50} identical reads`);
    a.close();
  });

  it('bounds what the server buffers for a client that stops reading: closed, never grown', async () => {
    const a = await open();
    (a as unknown as { _socket: Socket })._socket.pause();
    const mine = server.at(-1)!;
    let most = 0;
    const sample = setInterval(() => (most = Math.max(most, mine.bufferedAmount)), 2);
    let id = 0;
    // Until the server closes the socket, or has buffered far past its limit (then it never would).
    while (mine.readyState === WebSocket.OPEN && most <= 4 * SEND.closeAt) {
      for (let i = 0; i < 500; i++) call(a, ++id, 'connections.list', {});
      await new Promise((r) => setImmediate(r));
      most = Math.max(most, mine.bufferedAmount);
    }
    clearInterval(sample);
    assert.ok(most <= SEND.closeAt + (64 << 10), `server buffered up to ${most} bytes (limit ${SEND.closeAt})`);
    a.terminate();
  });

  it('pauses the page’s socket while a console’s display does not read: the server holds a bounded amount', async () => {
    const peers: Socket[] = [];
    const display = createTcp((s) => {
      peers.push(s);
      s.write('RFB 003.008\n');
      s.pause(); // a display that never reads
    });
    await new Promise<void>((r) => display.listen(0, '127.0.0.1', r));
    const web = createHttp();
    const wss = new WebSocketServer({ server: web, maxPayload: 1 << 20 });
    let bridged: { ws: WebSocket; tcp: ReturnType<typeof bridgeConsole> } | null = null;
    wss.on('connection', (ws) => {
      bridged = { ws, tcp: bridgeConsole(ws, { type: 'vnc', host: '127.0.0.1', port: (display.address() as AddressInfo).port, passwordRequired: false }, () => undefined) };
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const page = new WebSocket(`ws://127.0.0.1:${(web.address() as AddressInfo).port}/`);
    try {
      await new Promise((r) => page.once('message', r)); // the greeting
      const chunk = Buffer.alloc(512 << 10, 7);
      for (let i = 0; i < 128; i++) page.send(chunk); // 64 MiB towards a display that reads nothing
      await waitFor('the bridge paused the page', () => bridged?.ws.isPaused === true, 30_000);
      let last = -1;
      let still = 0;
      // Until nothing moves any more: the page's own buffer holds the rest.
      await waitFor(
        'the page stopped getting bytes through',
        () => {
          still = page.bufferedAmount === last ? still + 1 : 0;
          last = page.bufferedAmount;
          return still >= 20;
        },
        60_000,
      );
      const held = bridged!.tcp.writableLength;
      assert.ok(held <= HIGH_WATER + chunk.length, `the server holds ${held} bytes for the display`);
      assert.ok(page.bufferedAmount > 32 << 20, `most bytes were never taken from the page (${page.bufferedAmount} left there)`);
    } finally {
      page.terminate();
      for (const s of peers) s.destroy();
      for (const c of wss.clients) c.terminate();
      wss.close();
      web.close();
      display.close();
    }
  });
});
