// One OpenSSH master connection to a host, our child process for as long as a Virtdeck
// connection to that host is open. Consoles open channels through its control socket, so a
// reopened console costs no new handshake. It is ready once ssh has signed in and created the
// control socket; it ends (with every channel riding on it) when we close it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { SshTarget } from '../../common/api/connections.js';
import type { ApiError } from '../../common/api/errors.js';
import { masterFailure } from './ssh-failure.js';
import { masterArgv, socketForwardArgv } from './ssh-tunnel-argv.js';

const STDERR_KEEP = 8192;

export interface SshMasterOptions {
  ssh?: string;
  log?: (msg: string) => void;
  /** How long to wait for ssh to sign in (ssh's own ConnectTimeout covers an unreachable host). */
  readyTimeoutMs?: number;
}

export class SshMaster {
  readonly ready: Promise<void>;
  readonly #child: ChildProcess;
  readonly #channels = new Set<ChildProcess>();
  readonly #exited: Promise<void>;
  #stderr = '';
  #failure: ApiError | null = null;
  #closing = false;

  constructor(
    readonly target: SshTarget,
    readonly controlPath: string,
    private readonly options: SshMasterOptions = {},
  ) {
    const ssh = options.ssh ?? 'ssh';
    // stdin stays open (a pipe) so ssh never reads a terminal; it asks nothing (BatchMode).
    this.#child = spawn(ssh, masterArgv(target, controlPath), { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    this.#child.stderr!.setEncoding('utf8');
    this.#child.stderr!.on('data', (d: string) => {
      this.#stderr = (this.#stderr + d).slice(-STDERR_KEEP);
    });
    this.#exited = new Promise((resolve) => this.#child.once('close', () => resolve()));
    this.#child.once('error', (err) => {
      this.#stderr += `\n${err.message}`;
    });
    this.#child.once('close', (code) => {
      if (!this.#closing) {
        this.#failure = masterFailure(target, this.#stderr, code);
        this.#log(`ssh master for consoles on ${this.#where()} ended: ${this.#failure.message}`);
      }
      for (const c of this.#channels) c.kill('SIGTERM');
    });
    this.ready = this.#waitReady(options.readyTimeoutMs ?? 60_000);
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Up, or still signing in. */
  get alive(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null && !this.#closing;
  }

  /** Spawns a short-lived ssh that rides this master; it ends with the master at the latest. */
  spawnChannel(argv: string[]): ChildProcess {
    const child = spawn(this.options.ssh ?? 'ssh', argv, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.#channels.add(child);
    child.once('close', () => this.#channels.delete(child));
    if (!this.alive) child.kill('SIGTERM');
    return child;
  }

  /** `ssh -O forward|cancel -L local:remote` through the master; rejects with ssh's words. */
  socketForward(op: 'forward' | 'cancel', localPath: string, remotePath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(
        this.options.ssh ?? 'ssh',
        socketForwardArgv(this.target, this.controlPath, op, localPath, remotePath),
        { timeout: 30_000, windowsHide: true },
        (err, _out, stderr) => {
          if (err) reject(new Error(String(stderr).trim() || err.message));
          else resolve();
        },
      );
    });
  }

  /** Ends the master and every channel on it; resolves when the ssh process is gone. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const c of this.#channels) c.kill('SIGTERM');
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    await this.#exited;
  }

  async #waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 10;
    for (;;) {
      if (!this.alive) {
        await this.#exited; // all of stderr is read by then
        throw this.#failure ?? masterFailure(this.target, `${this.#stderr}\nConnection closed`, this.#child.exitCode);
      }
      // ssh creates the control socket only after it has signed in.
      if (
        await stat(this.controlPath).then(
          (s) => s.isSocket(),
          () => false,
        )
      ) {
        if (this.alive) return;
      }
      if (Date.now() > deadline) {
        await this.close();
        throw masterFailure(this.target, `${this.#stderr}\nConnection timed out while signing in`, null);
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 100);
    }
  }

  #where(): string {
    return `${this.target.user ? `${this.target.user}@` : ''}${this.target.host}${this.target.port ? `:${this.target.port}` : ''}`;
  }

  #log(msg: string): void {
    this.options.log?.(msg);
  }
}
