// Volumes a new VM needs only for its first run (a cloud-init seed, a network install's
// fetched kernel and initrd), deleted once the VM first stops: QEMU holds them open until then,
// and the final config no longer names them. Pending removals are kept in the config dir, so a
// VM that stopped while Virtdeck was not running is cleaned up at the next connect.
import * as libvirt from 'virtdeck/native';
import { z } from 'zod';
import type { ConnectionId } from '../../common/api/connections.js';
import type { DomainSummary } from '../../common/api/domains.js';
import { connectionId, hostPath, uuid } from '../../common/api/refs.js';
import { InvalidStoredFile, JsonFileStore, validEntries } from '../files/json-file-store.js';
import { Domain } from '../xml/domain.js';
import { HostObjects, ifFound } from '../objects/registry.js';

export interface PendingRemoval {
  connection: ConnectionId;
  uuid: string;
  /** Volume paths on the VM's host. */
  paths: string[];
  /** Words for the log: "the cloud-init seed", … */
  what: string;
}

const FILE = 'pending-removals.json';
// Each record stands alone: one that fails its check is dropped (and logged), the others stay.
const pendingRemoval = z.object({ connection: connectionId, uuid, paths: z.array(hostPath), what: z.string() });
const fileSchema = z.array(z.unknown());
const STOPPED = new Set<DomainSummary['state']>(['shutoff', 'crashed']);

export interface CleanupHost {
  connection(id: ConnectionId): libvirt.Connection;
  onConnected(l: (id: ConnectionId, conn: libvirt.Connection) => void): unknown;
}

export class FirstStopCleanup {
  #pending: PendingRemoval[] = [];
  readonly #file: JsonFileStore<unknown[]>;
  #loaded: Promise<void>;
  /** One sweep or write at a time: records are read and rewritten whole. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    dir: string,
    private readonly host: CleanupHost,
    private readonly log: (msg: string) => void,
  ) {
    this.#file = new JsonFileStore(dir, FILE, fileSchema);
    this.#loaded = this.#load();
    host.onConnected((id) => void this.#enqueue(() => this.#sweep(id)));
  }

  async #load(): Promise<void> {
    try {
      const saved = (await this.#file.read()) ?? [];
      this.#pending = validEntries(pendingRemoval, saved, (i, why) => this.log(`create: record ${i} of ${FILE} is not valid (${why}); dropped`));
    } catch (err) {
      this.log(`create: ${FILE} is not valid (${err instanceof InvalidStoredFile ? err.detail : (err as Error).message}); no pending removals are known`);
    }
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => this.#loaded).then(job);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #save(): Promise<void> {
    return this.#file.write(this.#pending);
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
    const objects = new HostObjects(conn);
    const dom = await ifFound(objects.domain(r.uuid));
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
      // Not found: deleted already. Any other failure (the link dropped) keeps the record for the next try.
      const vol = await ifFound(objects.volumeByPath(path));
      if (!vol) continue;
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
