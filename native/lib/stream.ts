import { Duplex } from 'node:stream';
import { native, type StreamHandle } from './binding.js';
import type { Connection } from './connection.js';
import { streamRoutes } from './runtime.js';

/**
 * A libvirt stream as a Node Duplex. Reads and writes run on libvirt's event loop, never on
 * the JS thread; backpressure works both ways (a full readable buffer pauses libvirt reads,
 * a write completes only once libvirt took the chunk).
 *
 * The readable side ends after libvirt reported end-of-stream and virStreamFinish confirmed
 * the transfer; end() on the writable side finishes the stream (virStreamFinish). destroy()
 * and abort() abort it.
 */
export class Stream extends Duplex {
  readonly key: number;
  #routed = false;
  #done: Promise<number> | undefined;

  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: StreamHandle,
  ) {
    super({ allowHalfOpen: true, readableHighWaterMark: 1 << 20, writableHighWaterMark: 1 << 20 });
    this.key = native.streamKey(handle);
  }

  /** Completes the stream (virStreamFinish): for uploads, after the last write; for downloads, after the end. */
  finish(): Promise<number> {
    this.#done ??= native.streamFinish(this.handle).finally(() => this.#unroute());
    return this.#done;
  }

  /** Abandons the transfer (virStreamAbort). */
  abort(): Promise<number> {
    this.#done ??= native.streamAbort(this.handle).finally(() => this.#unroute());
    return this.#done;
  }

  override _read(): void {
    this.#route();
    native.streamRead(this.handle, true);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#route();
    native.streamSend(this.handle, chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finish().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#done) this.abort().catch(() => undefined);
    this.#unroute();
    callback(error);
  }

  #route(): void {
    if (this.#routed || this.#done) return;
    this.#routed = true;
    streamRoutes.set(this.key, (type, payload) => {
      if (type === 'data') {
        if (!this.push(payload)) native.streamRead(this.handle, false);
      } else if (type === 'end') {
        this.finish().then(
          () => this.push(null),
          (err: Error) => this.destroy(err),
        );
      } else {
        this.destroy(payload as Error);
      }
    });
  }

  #unroute(): void {
    streamRoutes.delete(this.key);
    native.streamRelease(this.handle);
  }
}
