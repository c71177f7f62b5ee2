// One console session: a WebSocket to the VM's VNC or SPICE server over TCP (or its unix
// socket, or a stream already opened through an ssh tunnel), bytes both ways, closed together.
// The display side pauses while the page is behind.
import { connect, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { GraphicsTarget } from './graphics-target.js';

const HIGH_WATER = 4 << 20;

export function bridgeConsole(ws: WebSocket, target: GraphicsTarget, log: (msg: string) => void, stream?: Duplex): void {
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
  tcp.on('data', (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true }, () => {
      if (tcp.isPaused() && ws.bufferedAmount < HIGH_WATER / 2) tcp.resume();
    });
    if (ws.bufferedAmount > HIGH_WATER) tcp.pause();
  });
  tcp.on('error', (err) => close(err.message));
  tcp.on('close', () => close());
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return close('the page sent text on a binary console');
    tcp.write(data);
  });
  ws.on('error', (err) => close(err.message));
  ws.on('close', () => close());
  if (tcp.destroyed) close('the display closed before the page connected');
}
