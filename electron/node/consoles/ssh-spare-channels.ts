// A spare channel to each display recently opened through an ssh master, made right after an
// open and kept for a minute, so that reopening the console (or opening it in another window)
// takes a channel that is already up. Without it a reopen costs an ssh process and, for VNC,
// about 40 ms more: sshd (no TCP_NODELAY outside pty sessions) holds the display's greeting
// until the client's delayed ACK of the channel confirmation arrives.
import type { Duplex } from 'node:stream';

const KEEP_MS = 60_000;

interface Spare {
  stream: Duplex;
  timer: ReturnType<typeof setTimeout>;
}

export class SpareChannels {
  readonly #spares = new Map<string, Spare>();
  /** Spares on their way, and whether an open has claimed one before it arrived. */
  readonly #making = new Map<string, { stream: Promise<Duplex>; claimed: boolean }>();
  #disposed = false;

  constructor(private readonly keepMs = KEEP_MS) {}

  /** The spare for `key`, once: one that is up, or the one on its way (further along than a new one). */
  take(key: string): Promise<Duplex> | null {
    const s = this.#spares.get(key);
    if (s) {
      this.#forget(key, s);
      return s.stream.destroyed || s.stream.readableEnded ? null : Promise.resolve(s.stream);
    }
    const coming = this.#making.get(key);
    if (!coming || coming.claimed) return null;
    coming.claimed = true;
    return coming.stream;
  }

  /** Makes a spare for `key` in the background unless one exists or is being made. */
  prepare(key: string, open: () => Promise<Duplex>, onError: (err: Error) => void): void {
    if (this.#disposed || this.#spares.has(key) || this.#making.has(key)) return;
    const making = { stream: open(), claimed: false };
    this.#making.set(key, making);
    making.stream.then(
      (stream) => {
        this.#making.delete(key);
        if (making.claimed) return; // an open took it on its way
        if (this.#disposed || this.#spares.has(key)) return void stream.destroy();
        const spare: Spare = { stream, timer: setTimeout(() => this.#drop(key, spare), this.keepMs) };
        spare.timer.unref?.();
        // A spare that closes (the VM stopped, the master ended) is simply gone.
        const gone = () => this.#spares.get(key) === spare && this.#forget(key, spare);
        stream.once('close', gone);
        stream.once('error', gone);
        this.#spares.set(key, spare);
      },
      (err: unknown) => {
        this.#making.delete(key);
        // An open that claimed it sees the error itself.
        if (!making.claimed) onError(err as Error);
      },
    );
  }

  dispose(): void {
    this.#disposed = true;
    for (const [key, s] of this.#spares) this.#drop(key, s);
  }

  #forget(key: string, s: Spare): void {
    clearTimeout(s.timer);
    this.#spares.delete(key);
  }

  #drop(key: string, s: Spare): void {
    this.#forget(key, s);
    s.stream.destroy();
  }
}
