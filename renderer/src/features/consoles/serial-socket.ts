// The page's side of a text console's bridge: bytes of the guest's terminal in, the user's keys
// out, and why it ended (the backend's SERIAL_CLOSE codes).
import { SERIAL_CLOSE, type SerialTicket } from '../../../../electron/common/api/consoles.js';
import { consoleSocketUrl } from './display-screen.js';

export type SerialEnd = 'vm-stopped' | 'taken-over' | 'failed';

export function endOf(code: number): SerialEnd {
  if (code === SERIAL_CLOSE.vmStopped) return 'vm-stopped';
  if (code === SERIAL_CLOSE.takenOver) return 'taken-over';
  return 'failed';
}

export interface SerialSocket {
  send(text: string): void;
  close(): void;
}

const encoder = new TextEncoder();

export function connectSerial(ticket: SerialTicket, on: { open(): void; data(bytes: Uint8Array): void; end(why: SerialEnd, reason: string): void }): SerialSocket {
  const ws = new WebSocket(consoleSocketUrl(ticket), ticket.protocols);
  ws.binaryType = 'arraybuffer';
  let closing = false;
  ws.onopen = () => on.open();
  ws.onmessage = (e: MessageEvent<ArrayBuffer>) => on.data(new Uint8Array(e.data));
  ws.onclose = (e) => {
    if (!closing) on.end(endOf(e.code), e.reason);
  };
  return {
    // The bridge takes binary frames only: the terminal's text goes as UTF-8.
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(text));
    },
    close: () => {
      closing = true;
      ws.close();
    },
  };
}

/** Uses up a ticket nobody wants any more, so the backend lets go of the console at once. */
export function discardTicket(ticket: SerialTicket): void {
  // Closed once open: closing while connecting might never send the ticket at all.
  const socket = connectSerial(ticket, { open: () => socket.close(), data() {}, end() {} });
}
