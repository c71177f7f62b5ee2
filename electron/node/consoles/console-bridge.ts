// One console session: a WebSocket to the VM's VNC or SPICE server over TCP (or its unix
// socket, or a stream already opened through an ssh tunnel), bytes both ways, closed together.
// Backpressure both ways: the display side pauses while the page is behind, and the page's
// socket pauses while the display is not taking bytes, so neither direction buffers without
// bound in the server. The display's first bytes must be its protocol's greeting (VNC's
// "RFB 00", SPICE's "REDQ" link reply); anything else is never relayed to the page.
import { connect, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { GraphicsTarget } from './graphics-target.js';
import { GREETINGS } from './ssh-tunnel.js';

/** Bytes waiting towards either side above which the other side is paused. */
export const HIGH_WATER = 1 << 20;

/** Returns the display-side stream (for tests that watch its buffers). */
export function bridgeConsole(ws: WebSocket, target: GraphicsTarget, log: (msg: string) => void, stream?: Duplex): Duplex {
  const tcp: Duplex = stream ?? ('socket' in target ? connect(target.socket) : connect(target.port, target.host));
  const where = `${'socket' in target ? target.socket : `${target.host}:${target.port}`}${stream ? ' (through ssh)' : ''}`;
  let closed = false;
  const close = (why?: string) => {
    if (closed) return;
    closed = true;
    if (why) log(`console ${target.type} at ${where}: ${why}`);
    tcp.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
  };
  if (tcp instanceof Socket) tcp.setNoDelay(true);
  const greeting = GREETINGS[target.type];
  let head: Buffer | null = Buffer.alloc(0);
  const toPage = (chunk: Buffer) => {
    ws.send(chunk, { binary: true }, () => {
      if (tcp.isPaused() && ws.bufferedAmount < HIGH_WATER / 2) tcp.resume();
    });
    if (ws.bufferedAmount > HIGH_WATER) tcp.pause();
  };
  tcp.on('data', (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    if (head !== null) {
      head = Buffer.concat([head, chunk]);
      if (head.length < greeting.length) return;
      if (!head.subarray(0, greeting.length).equals(greeting)) return close(`the display did not answer as ${target.type.toUpperCase()}; nothing was relayed`);
      chunk = head;
      head = null;
    }
    toPage(chunk);
  });
  tcp.on('error', (err) => close(err.message));
  tcp.on('close', () => close());
  tcp.on('drain', () => ws.isPaused && ws.resume());
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return close('the page sent text on a binary console');
    // A display that stops reading pauses the page's socket (TCP pushes back to the page).
    if (!tcp.write(data) || tcp.writableLength > HIGH_WATER) ws.pause();
  });
  ws.on('error', (err) => close(err.message));
  ws.on('close', () => close());
  if (tcp.destroyed) close('the display closed before the page connected');
  return tcp;
}
