// One text console session: a WebSocket to libvirt's console stream, bytes both ways. When the
// stream ends the page learns why from the close code (SERIAL_CLOSE): the VM stopped, another
// client forced the console over, or the stream failed. Closing the page aborts the stream,
// which frees the console for the next client.
//
// Backpressure both ways, as for graphical consoles (console-bridge.ts). Towards the guest: a
// write is pending until libvirt took it, and a guest that reads nothing (paused, its UART full)
// leaves it pending; the page's socket is not read meanwhile, so TCP pushes back to the page.
// Towards the page: the stream is paused while the page's socket holds more than HIGH_WATER.
// Pausing cannot stop libvirt itself: its client library queues every packet the daemon sends
// whether or not anyone reads the stream (virNetClientStreamQueuePacket has no bound), so a
// guest flooding a page that stopped reading would move the flood into libvirt's memory. A page
// that stays behind for STALL_MS is therefore closed, as the API socket closes a client that
// does not read.
import * as libvirt from 'virtdeck/native';
import type { WebSocket } from 'ws';
import { SERIAL_CLOSE } from '../../common/api/consoles.js';
import type { SerialSession } from './console-tickets.js';

/** Bytes waiting towards either side above which the other side is paused. */
export const HIGH_WATER = 1 << 20;

/** How long the page may stay behind (the stream paused for it) before the console is closed. */
export const STALL_MS = 15_000;

/** Said to the page (and the log) when it stayed behind for too long. */
export const STALLED_REASON = 'the page stopped reading the console';

const STOP_WAIT_MS = 10_000;

/** Why the stream ended: the VM's state decides, as libvirt reports it. */
async function whyEnded(s: SerialSession, err: Error | null): Promise<{ code: number; reason: string }> {
  // QEMU closes the console's pty as it exits, a moment before libvirt marks the VM shut off:
  // an end of stream waits for that, polling, rather than calling it a failure.
  const deadline = Date.now() + (err ? 0 : STOP_WAIT_MS);
  for (;;) {
    let active: boolean;
    try {
      active = await s.dom.isActive();
    } catch (e) {
      // A transient VM is gone once it stopped.
      if (e instanceof libvirt.LibvirtError && e.code === libvirt.ErrorNumber.NO_DOMAIN) return { code: SERIAL_CLOSE.vmStopped, reason: 'the VM stopped and is gone' };
      return { code: SERIAL_CLOSE.failed, reason: (err ?? (e as Error)).message };
    }
    if (!active) return { code: SERIAL_CLOSE.vmStopped, reason: 'the VM stopped' };
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // libvirt fails the stream of the client a forced open took the console from ("stream had
  // I/O failure") while the VM runs on.
  if (err) return { code: SERIAL_CLOSE.takenOver, reason: 'another client took the console over' };
  return { code: SERIAL_CLOSE.failed, reason: 'the console closed while the VM runs' };
}

export function bridgeSerial(ws: WebSocket, s: SerialSession, log: (msg: string) => void): void {
  const { stream } = s;
  const what = `console ${s.device} of ${s.name}`;
  let closed = false;
  let stall: ReturnType<typeof setTimeout> | undefined;
  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    clearTimeout(stall);
    log(`${what}: ${reason}`);
    stream.destroy();
    // A close reason is at most 123 bytes.
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, Buffer.from(reason).subarray(0, 120).toString());
  };
  const ended = (err: Error | null) => {
    if (closed) return;
    void whyEnded(s, err).then(({ code, reason }) => close(code, reason));
  };

  const behind = () => {
    if (stream.isPaused()) return;
    stream.pause();
    stall = setTimeout(() => close(SERIAL_CLOSE.failed, STALLED_REASON), STALL_MS);
  };
  const caughtUp = () => {
    if (closed || !stream.isPaused()) return;
    clearTimeout(stall);
    stream.resume();
  };
  stream.on('data', (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true }, () => {
      if (ws.bufferedAmount < HIGH_WATER / 2) caughtUp();
    });
    if (ws.bufferedAmount > HIGH_WATER) behind();
  });
  stream.on('end', () => ended(null));
  stream.on('error', (err: Error) => ended(err));
  // The stream's writable high-water mark is HIGH_WATER: write() says false past it, and
  // 'drain' follows once libvirt took the backlog.
  stream.on('drain', () => {
    if (!closed && ws.isPaused) ws.resume();
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return close(1003, 'the page sent text on a binary console');
    if (closed || !stream.writable) return;
    if (!stream.write(data)) ws.pause();
  });
  ws.on('error', (err) => close(1011, err.message));
  ws.on('close', () => close(1000, 'the page closed the console'));
}
