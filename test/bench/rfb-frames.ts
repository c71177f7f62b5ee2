// A minimal VNC (RFB 3.8) client over a console WebSocket from test/support/ws-client.ts, for
// benches that hold consoles open: the handshake (security None, shared session), then whole
// screens requested and read to their last byte. Only the Raw encoding (and DesktopSize) is
// offered, so every message's length is known from its header: the stream is followed without
// decoding.
import type WebSocket from 'ws';
import { nextMessage } from '../support/ws-client.js';

/** Reads exact byte counts from the socket's messages, however the bridge chunked them. */
class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  constructor(
    private readonly ws: WebSocket,
    private readonly timeoutMs: number,
  ) {}

  private async fill(n: number): Promise<void> {
    while (this.length < n) {
      const d = await nextMessage(this.ws, this.timeoutMs);
      this.chunks.push(d);
      this.length += d.length;
    }
  }

  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return all.subarray(0, n);
  }

  /** Drops n bytes without gathering them (pixel data is large and not looked at). */
  async discard(n: number): Promise<void> {
    while (n > 0) {
      if (this.length === 0) await this.fill(1);
      const head = this.chunks[0]!;
      const take = Math.min(n, head.length);
      if (take === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(take);
      this.length -= take;
      n -= take;
    }
  }
}

export interface RfbSession {
  width: number;
  height: number;
  /** Requests the whole screen (not incremental) and reads up to the end of that update; bytes read. */
  fullFrame(): Promise<number>;
}

/** Does the RFB handshake on a freshly opened console socket. */
export async function rfbHandshake(ws: WebSocket, timeoutMs = 30_000): Promise<RfbSession> {
  const r = new ByteReader(ws, timeoutMs);
  const version = (await r.read(12)).toString('latin1');
  if (!/^RFB 003\.00\d\n$/.test(version)) throw new Error(`not an RFB greeting: ${JSON.stringify(version)}`);
  ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
  const count = (await r.read(1))[0]!;
  if (count === 0) throw new Error(`the VNC server refused: ${(await r.read((await r.read(4)).readUInt32BE(0))).toString()}`);
  const types = [...(await r.read(count))];
  if (!types.includes(1)) throw new Error(`the VNC server wants a password or more (security types ${types.join(', ')})`);
  ws.send(Buffer.from([1]));
  const result = (await r.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`VNC security result ${result}`);
  ws.send(Buffer.from([1])); // ClientInit: shared, so other viewers stay connected
  const init = await r.read(24);
  const width = init.readUInt16BE(0);
  const height = init.readUInt16BE(2);
  const bytesPerPixel = init[4]! / 8;
  await r.discard(init.readUInt32BE(20)); // the desktop name
  // SetEncodings: Raw, and DesktopSize so that a mode change in the guest is announced.
  const enc = Buffer.alloc(12);
  enc.writeUInt8(2, 0);
  enc.writeUInt16BE(2, 2);
  enc.writeInt32BE(0, 4);
  enc.writeInt32BE(-223, 8);
  ws.send(enc);

  const request = Buffer.alloc(10);
  request.writeUInt8(3, 0); // FramebufferUpdateRequest
  request.writeUInt8(0, 1); // not incremental: the whole screen every time
  request.writeUInt16BE(width, 6);
  request.writeUInt16BE(height, 8);

  let screen = { width, height };
  return {
    get width() {
      return screen.width;
    },
    get height() {
      return screen.height;
    },
    async fullFrame() {
      request.writeUInt16BE(screen.width, 6);
      request.writeUInt16BE(screen.height, 8);
      ws.send(request);
      let bytes = 0;
      for (;;) {
        const type = (await r.read(1))[0]!;
        if (type === 0) {
          const rects = (await r.read(3)).readUInt16BE(1);
          bytes += 4;
          for (let i = 0; i < rects; i++) {
            const h = await r.read(12);
            const [w, hh, encoding] = [h.readUInt16BE(4), h.readUInt16BE(6), h.readInt32BE(8)];
            bytes += 12;
            if (encoding === 0) {
              await r.discard(w * hh * bytesPerPixel);
              bytes += w * hh * bytesPerPixel;
            } else if (encoding === -223) {
              screen = { width: w, height: hh }; // DesktopSize: the guest changed its mode
            } else throw new Error(`unexpected VNC encoding ${encoding} (only Raw and DesktopSize were offered)`);
          }
          return bytes;
        } else if (type === 1) {
          const n = (await r.read(5)).readUInt16BE(3);
          await r.discard(n * 6);
        } else if (type === 2) {
          // Bell: nothing follows.
        } else if (type === 3) {
          await r.discard((await r.read(7)).readUInt32BE(3));
        } else throw new Error(`unknown VNC server message ${type}`);
      }
    },
  };
}
