// After a crash: the journals of jobs that never finished are rolled back at the next connect
// to their host, and the clean-up is shown as a finished job of its own (a notice of what was
// removed). Journals of jobs that still run (here, or in another live process with the same
// config dir) are left alone.
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import type { JobInfo } from '../../common/api/jobs.js';
import { englishMessage, msg, type MessageRef } from '../../common/messages/messages.js';
import type { JobService } from './job-service.js';
import type { JournalEntry, JournalRecord } from './journal.js';
import { processAlive } from '../files/stray-temps.js';
import { HostObjects, ifFound } from '../objects/registry.js';

const U = libvirt.DomainUndefineFlagsValues;

export class JobRecovery {
  /** One recovery at a time: a reconnect during one must not run the same journal twice. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly jobs: JobService,
    private readonly log: (msg: string) => void,
  ) {}

  /** Rolls back the unfinished journals of this connection's host; resolves when done. */
  connected(connection: ConnectionId, uri: string, conn: libvirt.Connection): Promise<void> {
    const run = this.#queue.then(() => this.#recover(connection, uri, conn));
    this.#queue = run.catch((err: Error) => this.log(`jobs: recovery on ${uri} failed: ${err.message}`));
    return this.#queue as Promise<void>;
  }

  async #recover(connection: ConnectionId, uri: string, conn: libvirt.Connection): Promise<void> {
    const records = (await this.jobs.journal.all(this.log)).filter(
      (r) => r.connection === connection && r.uri === uri && !this.jobs.get(r.id)?.state.match(/running|cancelling/) && (r.pid === process.pid || !processAlive(r.pid)),
    );
    for (const r of records) await this.#rollBack(r, conn);
  }

  async #rollBack(r: JournalRecord, conn: libvirt.Connection): Promise<void> {
    this.log(`jobs: ${r.title} did not finish (process ${r.pid}); rolling back what it made`);
    const cleaned: MessageRef[] = [];
    const removed: string[] = [];
    const left: JournalEntry[] = [];
    const paths = await volumePaths(conn, r.entries);
    for (const e of [...r.entries].reverse()) {
      try {
        const done = e.kind === 'volume' ? await removeVolume(conn, e) : await removeDomain(conn, e, paths);
        if (done) {
          cleaned.push(msg('recovery.removed', { what: e.what }));
          removed.push(e.what);
        }
      } catch (err) {
        left.push(e);
        cleaned.push(msg('recovery.notRemoved', { what: e.what, reason: (err as Error).message }));
      }
    }
    if (left.length) await this.jobs.journal.write({ ...r, pid: process.pid, entries: left.reverse() });
    else await this.jobs.journal.remove(r.id);
    for (const line of cleaned) this.log(`jobs: recovery of ${r.title}: ${englishMessage(line)}`);
    const info: JobInfo = {
      id: `recovery-${r.id}`,
      connection: r.connection,
      kind: 'recovery',
      title: msg('job.title.recovery', { title: r.title }),
      target: { kind: 'host' },
      state: left.length ? 'failed' : 'succeeded',
      step: 'recover',
      message: msg('recovery.step'),
      cancellable: false,
      startedAt: Date.now(),
      result: !cleaned.length ? msg('recovery.nothingLeft') : removed.length ? msg('recovery.someRemoved', { list: removed.join(', ') }) : msg('recovery.nothingRemoved'),
      cleaned,
      ...(left.length ? { error: new ApiError('operation-failed', msg('recovery.left', { title: r.title, left: left.map((e) => e.what).join(', ') })).toData() } : {}),
    };
    this.jobs.record(info);
  }
}

// Only a missing object counts as nothing to undo: any other failure (the link dropped) leaves
// the entry in the journal for the next connect.
async function lookupVolume(conn: libvirt.Connection, e: Extract<JournalEntry, { kind: 'volume' }>): Promise<libvirt.StorageVolume | null> {
  const objects = new HostObjects(conn);
  const pool = await ifFound(objects.poolByName(e.pool));
  if (!pool || !(await pool.isActive())) return null;
  await pool.refresh().catch(() => 0);
  return ifFound(objects.volume(e.pool, e.name));
}

async function volumePaths(conn: libvirt.Connection, entries: JournalEntry[]): Promise<string[]> {
  const out: string[] = [];
  for (const e of entries) {
    if (e.kind !== 'volume') continue;
    const vol = await lookupVolume(conn, e);
    if (vol) out.push(await vol.path());
  }
  return out;
}

async function removeVolume(conn: libvirt.Connection, e: Extract<JournalEntry, { kind: 'volume' }>): Promise<boolean> {
  const vol = await lookupVolume(conn, e);
  if (!vol) return false;
  if (e.attachedTo) {
    // Killed after the VM took the disk: it is the VM's now.
    const dom = await ifFound(new HostObjects(conn).domain(e.attachedTo));
    const path = await vol.path();
    if (dom && (await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE)).includes(path)) return false;
  }
  await vol.delete();
  return true;
}

async function removeDomain(conn: libvirt.Connection, e: Extract<JournalEntry, { kind: 'domain' }>, paths: string[]): Promise<boolean> {
  const objects = new HostObjects(conn);
  let dom: libvirt.Domain | null;
  if (e.uuid) dom = await ifFound(objects.domain(e.uuid));
  else {
    // Killed between define and the journal's uuid: only a VM of that name that uses this job's volumes is ours.
    dom = await ifFound(objects.domainByName(e.name));
    if (dom) {
      const xml = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
      if (!paths.some((p) => xml.includes(p))) dom = null;
    }
  }
  if (!dom) return false;
  if (await dom.isActive()) await dom.destroy();
  if (await dom.isPersistent().catch(() => false)) {
    await dom.undefineFlags(U.MANAGED_SAVE | U.SNAPSHOTS_METADATA | U.NVRAM | U.TPM).catch(() => dom.undefineFlags(U.MANAGED_SAVE | U.NVRAM));
  }
  return true;
}
