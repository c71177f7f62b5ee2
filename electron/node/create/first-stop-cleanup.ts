// Volumes a new VM needs only for its first run (a cloud-init seed, a network install's
// fetched kernel and initrd), deleted once the VM first stops: QEMU holds them open until then,
// and the final config no longer names them. Pending removals are kept in the config dir, so a
// VM that stopped while Virtdeck was not running is cleaned up at the next connect.
import * as libvirt from 'virtdeck/native';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectionId } from '../../common/api/connections.js';
import type { DomainSummary } from '../../common/api/domains.js';
import { writeFileAtomic } from '../atomic-write.js';
import { Domain } from '../xml/domain.js';

export interface PendingRemoval {
  connection: ConnectionId;
  uuid: string;
  /** Volume paths on the VM's host. */
  paths: string[];
  /** Words for the log: "the cloud-init seed", … */
  what: string;
}

const FILE = 'pending-removals.json';
const fileSchema = z.array(z.object({ connection: z.string(), uuid: z.string(), paths: z.array(z.string()), what: z.string() }));
const STOPPED = new Set<DomainSummary['state']>(['shutoff', 'crashed']);

export interface CleanupHost {
  connection(id: ConnectionId): libvirt.Connection;
  onConnected(l: (id: ConnectionId, conn: libvirt.Connection) => void): unknown;
}

export class FirstStopCleanup {
  #pending: PendingRemoval[] = [];
  #loaded: Promise<void>;
  /** One sweep or write at a time: records are read and rewritten whole. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly host: CleanupHost,
    private readonly log: (msg: string) => void,
  ) {
    this.#loaded = this.#load();
    host.onConnected((id) => void this.#enqueue(() => this.#sweep(id)));
  }

  async #load(): Promise<void> {
    try {
      this.#pending = fileSchema.parse(JSON.parse(await readFile(join(this.dir, FILE), 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`create: ${FILE} is not valid (${(err as Error).message.split('\n')[0]}); no pending removals are known`);
    }
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => this.#loaded).then(job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #save(): Promise<void> {
    return writeFileAtomic(this.dir, FILE, `${JSON.stringify(this.#pending, null, 2)}\n`);
  }

  /** Records volumes to delete once the VM (defined, already running) first stops. */
  add(r: PendingRemoval): Promise<void> {
    return this.#enqueue(async () => {
      this.#pending.push(r);
      await this.#save();
      // It may have stopped already, before its record existed.
      await this.#sweep(r.connection, r.uuid);
    });
  }

  /** A VM's state changed (the domain service's lifecycle events, or its polling). */
  changed(s: DomainSummary): void {
    if (!STOPPED.has(s.state)) return;
    if (!this.#pending.some((r) => r.connection === s.ref.connection && r.uuid === s.ref.uuid)) return;
    void this.#enqueue(() => this.#sweep(s.ref.connection, s.ref.uuid)).catch((err: Error) => this.log(`create: cleanup after the first stop failed: ${err.message}`));
  }

  /** What is still waiting (for tests and the log). */
  pending(): Promise<PendingRemoval[]> {
    return this.#enqueue(async () => this.#pending.map((r) => ({ ...r, paths: [...r.paths] })));
  }

  async #sweep(connection: ConnectionId, uuid?: string): Promise<void> {
    const mine = this.#pending.filter((r) => r.connection === connection && (uuid === undefined || r.uuid === uuid));
    if (!mine.length) return;
    let conn: libvirt.Connection;
    try {
      conn = this.host.connection(connection);
    } catch {
      return; // not connected: the next connect sweeps
    }
    let changed = false;
    for (const r of mine) {
      const done = await this.#tryRemove(conn, r).catch((err: Error) => {
        this.log(`create: ${r.what} of VM ${r.uuid} could not be deleted yet (${err.message}); trying again at its next stop`);
        return false;
      });
      if (done) {
        this.#pending = this.#pending.filter((x) => x !== r);
        changed = true;
      }
    }
    if (changed) await this.#save();
  }

  /** true when the record is settled (deleted, gone, or kept because the VM uses it again). */
  async #tryRemove(conn: libvirt.Connection, r: PendingRemoval): Promise<boolean> {
    const dom = await conn.lookupByUUIDString(r.uuid).catch((err: unknown) => {
      if (err instanceof libvirt.LibvirtError && err.code === libvirt.ErrorNumber.NO_DOMAIN) return null;
      throw err;
    });
    let inUse = new Set<string>();
    if (dom) {
      if (await dom.isActive()) return false;
      inUse = filesInUse(Domain.parse(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE)));
    }
    for (const path of r.paths) {
      // Someone attached it again (virsh, the details page): it is theirs now.
      if (inUse.has(path)) {
        this.log(`create: kept ${r.what} ${path}: the VM's configuration uses it again`);
        continue;
      }
      const vol = await conn.storageVolLookupByPath(path).catch(() => null);
      if (!vol) continue; // deleted already
      await vol.delete();
      this.log(`create: deleted ${r.what} ${path} after the VM's first run`);
    }
    return true;
  }
}

/** The files a definition refers to where a removal could hit them: disk images and boot files. */
function filesInUse(dom: Domain): Set<string> {
  const paths = dom.devices('disk').map((d) => d.sourcePath);
  return new Set([...paths, dom.kernel, dom.initrd, dom.dtb].filter((p): p is string => p !== undefined));
}
