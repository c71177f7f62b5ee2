// One text console session: a WebSocket to libvirt's console stream, bytes both ways. When the
// stream ends the page learns why from the close code (SERIAL_CLOSE): the VM stopped, another
// client forced the console over, or the stream failed. Closing the page aborts the stream,
// which frees the console for the next client.
import * as libvirt from 'virtdeck/native';
import type { WebSocket } from 'ws';
import { SERIAL_CLOSE } from '../../common/api/consoles.js';
import type { SerialSession } from './console-tickets.js';

const HIGH_WATER = 1 << 20;

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
  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    log(`${what}: ${reason}`);
    stream.destroy();
    // A close reason is at most 123 bytes.
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, Buffer.from(reason).subarray(0, 120).toString());
  };
  const ended = (err: Error | null) => {
    if (closed) return;
    void whyEnded(s, err).then(({ code, reason }) => close(code, reason));
  };

  stream.on('data', (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true }, () => {
      if (stream.isPaused() && ws.bufferedAmount < HIGH_WATER / 2) stream.resume();
    });
    if (ws.bufferedAmount > HIGH_WATER) stream.pause();
  });
  stream.on('end', () => ended(null));
  stream.on('error', (err: Error) => ended(err));
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return close(1003, 'the page sent text on a binary console');
    if (!closed && stream.writable) stream.write(data);
  });
  ws.on('error', (err) => close(1011, err.message));
  ws.on('close', () => close(1000, 'the page closed the console'));
}
