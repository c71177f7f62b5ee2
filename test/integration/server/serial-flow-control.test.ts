// #17 item 5 for text consoles: backpressure both ways through the serial bridge, against real
// QEMU guests on the real libvirtd. Towards the guest, a VM that reads nothing (started paused)
// must make the bridge stop reading the page's socket; towards the page, a page that stops
// reading while the guest floods its console must make the bridge pause the stream and, since
// libvirt's client queues a console's bytes whether or not anyone reads them, close the console
// rather than hold them. Bounds are checked on the bridge's own buffers, never by wall-clock time.
//
// Each test attaches through a libvirt connection of its own: stream packets that the daemon
// cannot hand to the guest count against its per-client request limit (max_client_requests, 5),
// so a guest that reads nothing stalls the whole connection that carries its console until
// keepalive closes it. The bridge bounds what it holds; that stall is libvirt's.
import assert from 'node:assert/strict';
import { createServer as createHttp, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import WebSocket, { WebSocketServer } from 'ws';
import { SERIAL_CLOSE } from '../../../electron/common/api/consoles.js';
import type { SerialSession } from '../../../electron/node/consoles/console-tickets.js';
import { bridgeSerial, HIGH_WATER, STALLED_REASON } from '../../../electron/node/consoles/serial-bridge.js';
import { tinyGuest, tinyGuestDomainXML } from '../../support/tiny-guest.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../native/support.js';

/** A page as the test drives it, and the server's side of its socket. */
interface Bridged {
  page: WebSocket;
  server: WebSocket;
  received(): string;
  closed: Promise<{ code: number; reason: string }>;
}

describe('text console flow control (real QEMU)', () => {
  let conn: libvirt.Connection;
  let web: Server;
  let wss: WebSocketServer;
  const names: string[] = [];
  const opened: libvirt.Connection[] = [];
  let next: ((ws: WebSocket) => void) | null = null;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    web = createHttp();
    wss = new WebSocketServer({ server: web, maxPayload: 1 << 20 });
    wss.on('connection', (ws) => next?.(ws));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    try {
      for (const ws of wss?.clients ?? []) ws.terminate();
      wss?.close();
      web?.close();
    } finally {
      for (const c of opened) await c.close().catch(() => undefined);
      for (const n of names) await purgeDomain(conn, n);
      await conn.close();
    }
  });

  /** Attaches to the device of the running domain and bridges a fresh page to it. */
  async function bridge(name: string, device: string): Promise<Bridged & { session: SerialSession }> {
    const own = await libvirt.open(SYSTEM_URI);
    opened.push(own);
    const dom = await own.lookupByName(name);
    const stream = await own.newStream();
    await dom.openConsole(device, stream, libvirt.DomainConsoleFlags.SAFE);
    const session: SerialSession = { kind: 'serial', ref: { connection: 'local', uuid: await dom.UUIDString() }, device, name, conn: own, dom, stream };
    const server = new Promise<WebSocket>((resolve) => {
      next = (ws) => {
        bridgeSerial(ws, session, () => undefined);
        resolve(ws);
      };
    });
    const page = new WebSocket(`ws://127.0.0.1:${(web.address() as AddressInfo).port}/`);
    let text = '';
    page.on('message', (d: Buffer) => {
      if (text.length < 1 << 16) text += d.toString('latin1');
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => page.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise((r) => page.once('open', r));
    return { page, server: await server, received: () => text, closed, session };
  }

  it('stops reading the page while the guest reads nothing: the server holds a bounded amount', async () => {
    const name = uniqueName('consoles-flow-in');
    names.push(name);
    // Started paused: QEMU's serial port takes a few bytes and then nothing more.
    await conn.createXML(tinyDomainXML(name, { graphics: 'none' }), libvirt.DomainCreateFlags.START_PAUSED);
    const { page, server, session } = await bridge(name, 'serial0');
    const chunk = Buffer.alloc(512 << 10, 0x61);
    for (let i = 0; i < 128; i++) page.send(chunk); // 64 MiB towards a guest that reads nothing
    await waitFor('the bridge to stop reading the page', () => server.isPaused, 60_000);
    let last = -1;
    let still = 0;
    // Until nothing moves any more: the page's own buffer holds the rest.
    await waitFor(
      'the page to stop getting bytes through',
      () => {
        still = page.bufferedAmount === last ? still + 1 : 0;
        last = page.bufferedAmount;
        return still >= 20;
      },
      60_000,
    );
    const held = session.stream.writableLength;
    assert.ok(held <= HIGH_WATER + chunk.length, `the server holds ${held} bytes for the guest`);
    assert.ok(page.bufferedAmount > 32 << 20, `most bytes were never taken from the page (${page.bufferedAmount} left there)`);
    page.terminate();
  });

  it('pauses the stream for a page that stopped reading, then closes the console instead of buffering a flood', async () => {
    const name = uniqueName('consoles-flow-out');
    names.push(name);
    await conn.createXML(tinyGuestDomainXML(name, await tinyGuest(), { graphics: 'none', virtioConsole: true }));
    const b = await bridge(name, 'console1');
    // Ask until the guest's shell answers (it may still be booting), then make it flood hvc0.
    let asked = 0;
    await waitFor(
      'the guest’s shell on hvc0',
      () => {
        if (/flow-42/.test(b.received())) return true;
        if (Date.now() - asked > 3000) {
          asked = Date.now();
          b.page.send(Buffer.from('echo flow-$((6*7))\r'));
        }
        return false;
      },
      180_000,
      100,
    );
    b.page.send(Buffer.from(`yes ${'0123456789'.repeat(10)}\r`));
    (b.page as unknown as { _socket: Socket })._socket.pause(); // the page reads nothing from now on
    let most = 0;
    let paused = false;
    const sample = setInterval(() => {
      most = Math.max(most, b.server.bufferedAmount + b.session.stream.readableLength);
      paused ||= b.session.stream.isPaused();
    }, 5);
    try {
      // The flood fills the sockets' kernel buffers first (slowly: a TCG guest's console), then the bridge's.
      await waitFor('the bridge to pause the stream', () => paused, 240_000);
      // The page never catches up: the bridge closes (its close frame waits behind the flood).
      await waitFor('the bridge to close the console', () => b.server.readyState !== WebSocket.OPEN, 60_000);
      assert.equal(b.session.stream.destroyed, true, 'the console stream is let go');
      assert.ok(most <= HIGH_WATER + b.session.stream.readableHighWaterMark + (512 << 10), `the server held up to ${most} bytes for the page`);
    } finally {
      clearInterval(sample);
    }
    (b.page as unknown as { _socket: Socket })._socket.resume();
    const { code, reason } = await b.closed;
    assert.equal(code, SERIAL_CLOSE.failed);
    assert.equal(reason, STALLED_REASON);
  });
});
