// A remote display's byte stream through the host's ssh master: `ssh -W host:port` riding the
// master for a TCP display, or a streamlocal forward on the master for a display on a unix
// socket. Opened when the console is opened, so that a refused port is reported then (in
// words, to the console view) rather than as a bare disconnect; the bridge takes it over.
import { type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Duplex } from 'node:stream';
import type { SshTarget } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { GraphicsTarget } from './graphics-target.js';
import { channelFailure } from './ssh-failure.js';
import type { SshMaster } from './ssh-master.js';
import type { SshMasters } from './ssh-masters.js';
import { stdioForwardArgv } from './ssh-tunnel-argv.js';

const STDERR_KEEP = 4096;

/** An ssh child's stdout and stdin as one stream; destroyed with ssh's words when ssh fails. */
export class SshChannelStream extends Duplex {
  readonly #child: ChildProcess;
  #stderr = '';

  constructor(child: ChildProcess, fail: (stderr: string) => ApiError) {
    super({ allowHalfOpen: false });
    this.#child = child;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout!.pause();
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      this.#stderr = (this.#stderr + d).slice(-STDERR_KEEP);
    });
    // ssh gone before we finished writing: its exit says why.
    child.stdin!.on('error', () => undefined);
    child.once('error', (err) => this.destroy(err));
    child.once('close', (code) => {
      if (this.destroyed) return;
      if (code === 0) {
        this.push(null);
        this.destroy();
      } else {
        this.destroy(fail(this.#stderr));
      }
    });
  }

  override _read(): void {
    this.#child.stdout!.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.#child.stdin!.writable) this.#child.stdin!.write(chunk, () => cb());
    else cb();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.#child.stdin!.end(() => cb());
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    cb(err);
  }
}

function whereOf(target: GraphicsTarget): string {
  return 'socket' in target ? target.socket : target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

/** Opens the display's stream through the master (the master must be up). */
export async function openRemoteDisplay(masters: SshMasters, master: SshMaster, ssh: SshTarget, target: GraphicsTarget): Promise<Duplex> {
  const where = whereOf(target);
  if ('socket' in target) {
    const local = await socketForwardOf(masters, master, target.socket, where);
    // The master opens the far side when we connect; a refusal shows as an early end.
    return connect(local);
  }
  const child = master.spawnChannel(stdioForwardArgv(ssh, master.controlPath, target.host, target.port));
  return new SshChannelStream(child, (stderr) => channelFailure(ssh, where, stderr));
}

const forwards = new WeakMap<SshMaster, Map<string, Promise<string>>>();

/** The master's local socket forwarding to `remote`, made once per master and display socket. */
function socketForwardOf(masters: SshMasters, master: SshMaster, remote: string, where: string): Promise<string> {
  let mine = forwards.get(master);
  if (!mine) forwards.set(master, (mine = new Map<string, Promise<string>>()));
  let p = mine.get(remote);
  if (!p) {
    p = (async () => {
      const local = await masters.localSocketPath();
      try {
        await master.socketForward('forward', local, remote);
      } catch (err) {
        throw channelFailure(master.target, where, (err as Error).message);
      }
      return local;
    })();
    mine.set(remote, p);
    p.catch(() => mine.delete(remote));
  }
  return p;
}

/**
 * Waits until the display speaks first (VNC servers greet the client) without taking the bytes
 * off the stream; rejects with the failure when the stream ends first or stays silent.
 */
export function firstBytes(stream: Duplex, fail: () => ApiError, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      stream.off('readable', onReadable);
      stream.off('error', onError);
      stream.off('close', onClose);
      stream.off('end', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onReadable = () => {
      if (stream.readableLength > 0) done();
      else stream.read(); // at the end of the stream this lets 'end' come
    };
    const onError = (err: Error) => done(err instanceof ApiError ? err : fail());
    const onClose = () => done(fail());
    const timer = setTimeout(() => {
      stream.destroy();
      done(new ApiError('operation-failed', msg('console.tunnelSilent')));
    }, timeoutMs);
    stream.on('readable', onReadable);
    stream.once('error', onError);
    stream.once('close', onClose);
    stream.once('end', onClose);
  });
}

/** What a display says first: a VNC server greets "RFB 00x.00y\n"; a SPICE server answers the client's link message with "REDQ". */
export const GREETINGS = { vnc: Buffer.from('RFB 00'), spice: Buffer.from('REDQ') } as const;

/**
 * After firstBytes: the bytes waiting are a VNC greeting, else the stream is no display (sshd's
 * banner, some other service) and is refused in words. The bytes stay on the stream.
 */
export function checkGreeting(stream: Duplex, type: 'vnc' | 'spice', where: string): void {
  if (type !== 'vnc') return; // a SPICE server speaks only after the client: the bridge checks its reply
  const head = stream.read() as Buffer | null;
  if (head) stream.unshift(head);
  const want = GREETINGS.vnc;
  if (!head || head.length < want.length || !head.subarray(0, want.length).equals(want)) {
    throw new ApiError('invalid-input', msg('console.notVnc', { where }));
  }
}
