// One console session: a WebSocket to the VM's VNC or SPICE server over TCP (or its unix
// socket), bytes both ways, closed together. The TCP side pauses while the page is behind.
import { connect, type Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { GraphicsTarget } from './graphics-target.js';

const HIGH_WATER = 4 << 20;

export function bridgeConsole(ws: WebSocket, target: GraphicsTarget, log: (msg: string) => void): void {
  const tcp: Socket = 'socket' in target ? connect(target.socket) : connect(target.port, target.host);
  const where = 'socket' in target ? target.socket : `${target.host}:${target.port}`;
  let closed = false;
  const close = (why?: string) => {
    if (closed) return;
    closed = true;
    if (why) log(`console ${target.type} at ${where}: ${why}`);
    tcp.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
  };
  tcp.setNoDelay(true);
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
}
