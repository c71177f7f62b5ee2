// A WebSocket for one spice-html5 channel. SPICE opens a socket per channel (main, display,
// inputs, cursor, ...), each of which needs its own single-use console ticket, but spice-html5
// opens them synchronously; this socket starts in CONNECTING, fetches its ticket, then opens the
// real WebSocket with the ticket as a subprotocol (never in the URL) and passes its events on.
import type { SpiceSocket } from '@spice-project/spice-html5';

export class TicketedSocket extends EventTarget implements SpiceSocket {
  readyState: number = WebSocket.CONNECTING;
  #binaryType: BinaryType = 'blob';
  #ws: WebSocket | null = null;
  #closing = false;

  constructor(
    readonly url: string,
    protocols: Promise<string[]>,
  ) {
    super();
    protocols.then(
      (p) => (this.#closing ? this.#closed() : this.#open(p)),
      // No ticket (the VM stopped, the host went away): the channel closes as if refused.
      () => this.#closed(),
    );
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  set binaryType(t: BinaryType) {
    this.#binaryType = t;
    if (this.#ws) this.#ws.binaryType = t;
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) throw new DOMException('The console socket is not open.', 'InvalidStateError');
    this.#ws.send(data);
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#ws) {
      this.readyState = WebSocket.CLOSING;
      this.#ws.close();
    }
  }

  #open(protocols: string[]): void {
    const ws = new WebSocket(this.url, protocols);
    ws.binaryType = this.#binaryType;
    this.#ws = ws;
    ws.addEventListener('open', () => this.#pass(new Event('open')));
    ws.addEventListener('message', (e) => this.#pass(new MessageEvent('message', { data: e.data as unknown })));
    ws.addEventListener('error', () => this.#pass(new Event('error')));
    ws.addEventListener('close', (e) => this.#pass(new CloseEvent('close', { code: e.code, reason: e.reason, wasClean: e.wasClean })));
  }

  #closed(): void {
    this.readyState = WebSocket.CLOSED;
    this.dispatchEvent(new CloseEvent('close', { code: 1006, wasClean: false }));
  }

  #pass(e: Event): void {
    if (this.#ws) this.readyState = this.#ws.readyState;
    this.dispatchEvent(e);
  }
}
