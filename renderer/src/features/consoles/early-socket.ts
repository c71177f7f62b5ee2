// A VNC console's WebSocket opened the moment its prefetched ticket arrives, while React is
// still rendering the console view: the bridge, the TCP connection and the display's greeting
// overlap the render. Messages wait here until noVNC attaches (it takes a ready channel), then
// are handed over in order. A socket nobody takes is closed, so its bridge goes too.
import type { ConsoleTicket } from '../../../../electron/common/api/consoles.js';
import { consoleSocketUrl } from './display-screen.js';

const UNCLAIMED_MS = 5_000;

/** The raw-channel shape noVNC attaches to (send, close, binaryType, the handlers, protocol, readyState). */
export class EarlySocket {
  readonly #ws: WebSocket;
  readonly #queue: MessageEvent[] = [];
  #onmessage: ((e: MessageEvent) => void) | null = null;
  onopen: ((e: Event) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;

  constructor(url: string, protocols: string[]) {
    this.#ws = new WebSocket(url, protocols);
    this.#ws.binaryType = 'arraybuffer';
    this.#ws.onmessage = (e) => {
      if (this.#onmessage && this.#queue.length === 0) this.#onmessage(e);
      else this.#queue.push(e);
    };
    this.#ws.onopen = (e) => this.onopen?.(e);
    this.#ws.onclose = (e) => this.onclose?.(e);
    this.#ws.onerror = (e) => this.onerror?.(e);
  }

  get onmessage(): ((e: MessageEvent) => void) | null {
    return this.#onmessage;
  }
  set onmessage(handler: ((e: MessageEvent) => void) | null) {
    this.#onmessage = handler;
    // After the attaching code has finished setting itself up, not in the middle of it.
    if (handler && this.#queue.length) queueMicrotask(() => this.#flush());
  }
  get binaryType(): BinaryType {
    return this.#ws.binaryType;
  }
  set binaryType(t: BinaryType) {
    this.#ws.binaryType = t;
  }
  get protocol(): string {
    return this.#ws.protocol;
  }
  get readyState(): number {
    return this.#ws.readyState;
  }
  send(data: ArrayBufferLike | ArrayBufferView | Blob | string): void {
    this.#ws.send(data);
  }
  close(code?: number, reason?: string): void {
    this.#ws.close(code, reason);
  }

  #flush(): void {
    while (this.#onmessage && this.#queue.length) this.#onmessage(this.#queue.shift()!);
  }
}

const early = new WeakMap<ConsoleTicket, EarlySocket>();

/** Opens the ticket's socket now (VNC only: SPICE opens a socket per channel as it goes). */
export function preconnect(ticket: ConsoleTicket): void {
  if (ticket.type !== 'vnc') return;
  const socket = new EarlySocket(consoleSocketUrl(ticket), ticket.protocols);
  early.set(ticket, socket);
  setTimeout(() => {
    if (early.delete(ticket)) socket.close();
  }, UNCLAIMED_MS);
}

/** The socket opened early for this ticket, once. */
export function takeEarlySocket(ticket: ConsoleTicket): EarlySocket | undefined {
  const socket = early.get(ticket);
  early.delete(ticket);
  return socket;
}
