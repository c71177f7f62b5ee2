// The ssh masters of the consoles, one per host (user, host, port and key), with their control
// sockets in a private directory (0700, made on first use, removed at the end). A master
// starts with the first console on its host and ends when no open connection uses the host.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SshTarget } from '../../common/api/connections.js';
import { describeTarget } from '../ssh/ssh-prompt.js';
import { SshMaster, type SshMasterOptions } from './ssh-master.js';

/** Two URIs that reach the same account the same way share a master. */
export function masterKey(t: SshTarget): string {
  return `${describeTarget({ ...t, port: t.port ?? 22 })}#${t.keyFile ?? ''}`;
}

export class SshMasters {
  readonly #masters = new Map<string, SshMaster>();
  #dir: Promise<string> | null = null;
  #next = 0;
  #forwards = 0;

  constructor(private readonly options: SshMasterOptions & { runtimeDir?: string } = {}) {}

  /** The host's master, started if need be; resolves once it has signed in. */
  async acquire(t: SshTarget): Promise<SshMaster> {
    const key = masterKey(t);
    let m = this.#masters.get(key);
    if (!m || !m.alive) {
      const dir = await this.#privateDir();
      m = this.#masters.get(key);
      if (!m || !m.alive) {
        // Short names: a unix socket path must fit in 108 bytes.
        m = new SshMaster(t, join(dir, `m${this.#next++}`), this.options);
        this.#masters.set(key, m);
      }
    }
    const master = m;
    try {
      await master.ready;
    } catch (err) {
      if (this.#masters.get(key) === master) this.#masters.delete(key);
      throw err;
    }
    return master;
  }

  /** The running master of a host, if any (no new one is started). */
  get(t: SshTarget): SshMaster | undefined {
    const m = this.#masters.get(masterKey(t));
    return m?.alive ? m : undefined;
  }

  /** A fresh path for a local forwarding socket in the private directory. */
  async localSocketPath(): Promise<string> {
    return join(await this.#privateDir(), `f${this.#forwards++}`);
  }

  /** Ends the host's master and the consoles on it. */
  async release(t: SshTarget): Promise<void> {
    const key = masterKey(t);
    const m = this.#masters.get(key);
    if (!m) return;
    this.#masters.delete(key);
    await m.close();
  }

  /** Ends the masters of hosts not among `keys` (no open connection uses them any more). */
  async retain(keys: ReadonlySet<string>): Promise<void> {
    const gone = [...this.#masters].filter(([k]) => !keys.has(k));
    for (const [k] of gone) this.#masters.delete(k);
    await Promise.all(gone.map(([, m]) => m.close()));
  }

  async dispose(): Promise<void> {
    const all = [...this.#masters.values()];
    this.#masters.clear();
    await Promise.all(all.map((m) => m.close()));
    const dir = this.#dir;
    this.#dir = null;
    if (dir) await rm(await dir, { recursive: true, force: true }).catch(() => undefined);
  }

  #privateDir(): Promise<string> {
    this.#dir ??= (async () => {
      const runtime = this.options.runtimeDir ?? process.env.XDG_RUNTIME_DIR;
      const dir = await mkdtemp(join(runtime || tmpdir(), 'virtdeck-ssh-'));
      await chmod(dir, 0o700);
      return dir;
    })();
    return this.#dir;
  }
}
