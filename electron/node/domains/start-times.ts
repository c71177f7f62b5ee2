// When each running VM started, for its uptime. libvirt has no API for it, so the backend
// records the starts it sees (a STARTED lifecycle event, or a VM it knew as stopped now
// running), and for a local QEMU host reads the start time of the VM's process from the pid
// file libvirt's QEMU driver writes when it launches QEMU. No libvirt call is involved, so the
// VM list keeps its constant number of calls. A start time holds only for the domain ID it
// was taken with: QEMU gives a VM a new ID at each start, so a restart missed (while
// disconnected) is not mistaken for the old run.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionId } from '../../common/api/connections.js';
import type { DomainSummary } from '../../common/api/domains.js';

/** The directory of the QEMU driver's pid files for a local URI, or undefined when not local QEMU. */
export function qemuPidDir(uri: string, env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? -1): string | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'qemu:' && u.protocol !== 'qemu+unix:') || u.host !== '') return undefined;
  // For root, libvirt serves qemu:///session from the privileged driver too (checked: a VM
  // created on root's session URI gets /run/libvirt/qemu/<name>.pid).
  if (u.pathname === '/system' || (u.pathname === '/session' && uid === 0)) return '/run/libvirt/qemu';
  // A user's session daemon: $XDG_RUNTIME_DIR (checked: .../libvirt/qemu/run/<name>.pid), or
  // where glib falls back without it, the user's cache dir.
  if (u.pathname === '/session') return join(env.XDG_RUNTIME_DIR || env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'libvirt', 'qemu', 'run');
  return undefined;
}

async function pidFileTime(dir: string | undefined, name: string): Promise<number | undefined> {
  if (!dir || name.includes('/') || name.startsWith('.')) return undefined;
  try {
    return (await stat(join(dir, `${name}.pid`))).mtimeMs;
  } catch {
    return undefined; // not readable by us, or gone meanwhile
  }
}

export class StartTimes {
  readonly #byConn = new Map<ConnectionId, Map<string, { id: number; at: number }>>();

  constructor(
    private readonly uriOf: (id: ConnectionId) => string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The row with its startedAt. before: the row as last known (a stopped VM now running is a
   * start seen); started: a STARTED event came for it.
   */
  async stamp(row: DomainSummary, before: DomainSummary | undefined, started = false): Promise<DomainSummary> {
    const { startedAt: _unused, ...plain } = row;
    const conn = row.ref.connection;
    let known = this.#byConn.get(conn);
    if (plain.id <= 0) {
      known?.delete(plain.ref.uuid);
      return plain;
    }
    const hit = known?.get(plain.ref.uuid);
    if (hit && hit.id === plain.id) return { ...plain, startedAt: hit.at };
    let dir: string | undefined;
    try {
      dir = qemuPidDir(this.uriOf(conn));
    } catch {
      dir = undefined; // the connection was removed meanwhile
    }
    const seen = started || (before !== undefined && before.id <= 0);
    const at = (await pidFileTime(dir, plain.name)) ?? (seen ? this.now() : undefined);
    if (at === undefined) return plain;
    if (!known) this.#byConn.set(conn, (known = new Map<string, { id: number; at: number }>()));
    known.set(plain.ref.uuid, { id: plain.id, at });
    return { ...plain, startedAt: at };
  }

  forget(connection: ConnectionId): void {
    this.#byConn.delete(connection);
  }
}
