// The journal of a job: its intent, written (atomically, schema-checked: see
// files/json-file-store.ts) before each step makes something, one file per job under
// CONFIG/jobs/. A job that finishes deletes its file; a file left behind means the process died
// mid-job, and the next connect to that host rolls it back (recovery.ts).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidStoredFile, JsonFileStore } from '../files/json-file-store.js';

/** Something a job makes, described so that another process can undo it. */
export const journalEntry = z.discriminatedUnion('kind', [
  /** A volume, by pool and name (names with the job's id in them are unambiguous). */
  z.object({
    kind: z.literal('volume'),
    pool: z.string(),
    name: z.string(),
    what: z.string(),
    /**
     * A VM (uuid) the volume is being attached to: once that VM's definition uses it, the
     * attachment happened and the volume is the VM's, never rolled back.
     */
    attachedTo: z.string().optional(),
  }),
  /**
   * A VM definition. Before define the uuid is unknown: then only a VM of that name whose
   * configuration names one of the journal's volumes is taken for ours.
   */
  z.object({ kind: z.literal('domain'), name: z.string(), uuid: z.string().optional(), what: z.string() }),
]);
export type JournalEntry = z.infer<typeof journalEntry>;

export const journalRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  pid: z.number().int(),
  connection: z.string(),
  /** The host's URI when the job began: recovery only runs against the same host. */
  uri: z.string(),
  kind: z.string(),
  title: z.string(),
  startedAt: z.number(),
  entries: z.array(journalEntry),
});
export type JournalRecord = z.infer<typeof journalRecord>;

export const JOURNAL_DIR = 'jobs';

export class Journal {
  readonly dir: string;
  /** The file of each job written here, so its writes queue one after another. */
  readonly #files = new Map<string, JsonFileStore<JournalRecord>>();

  constructor(configDir: string) {
    this.dir = join(configDir, JOURNAL_DIR);
  }

  write(r: JournalRecord): Promise<void> {
    let file = this.#files.get(r.id);
    if (!file) this.#files.set(r.id, (file = this.#file(`${r.id}.json`)));
    return file.write(r);
  }

  async remove(id: string): Promise<void> {
    const file = this.#files.get(id) ?? this.#file(`${id}.json`);
    this.#files.delete(id);
    await file.remove();
  }

  /** Every readable record; an unreadable or invalid file is reported and left alone. */
  async all(log: (msg: string) => void): Promise<JournalRecord[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: JournalRecord[] = [];
    for (const n of names) {
      if (!n.endsWith('.json') || n.startsWith('.')) continue;
      try {
        const r = await this.#file(n).read();
        if (r) out.push(r);
      } catch (err) {
        log(`jobs: the journal ${n} is not valid (${err instanceof InvalidStoredFile ? err.detail : (err as Error).message}); left as it is`);
      }
    }
    return out;
  }

  #file(name: string): JsonFileStore<JournalRecord> {
    return new JsonFileStore(this.dir, name, journalRecord);
  }
}
