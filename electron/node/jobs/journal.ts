// The journal of a job: its intent, written (atomically) before each step makes something, one
// file per job under CONFIG/jobs/. A job that finishes deletes its file; a file left behind
// means the process died mid-job, and the next connect to that host rolls it back (recovery.ts).
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write.js';

/** Something a job makes, described so that another process can undo it. */
export const journalEntry = z.discriminatedUnion('kind', [
  /** A volume, by pool and name (names with the job's id in them are unambiguous). */
  z.object({ kind: z.literal('volume'), pool: z.string(), name: z.string(), what: z.string() }),
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
  constructor(configDir: string) {
    this.dir = join(configDir, JOURNAL_DIR);
  }

  write(r: JournalRecord): Promise<void> {
    return writeFileAtomic(this.dir, `${r.id}.json`, `${JSON.stringify(r, null, 2)}\n`);
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** Every readable record; an unreadable or invalid file is reported and left alone. */
  async all(log: (msg: string) => void): Promise<JournalRecord[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: JournalRecord[] = [];
    for (const n of names) {
      if (!n.endsWith('.json') || n.startsWith('.')) continue;
      try {
        out.push(journalRecord.parse(JSON.parse(await readFile(join(this.dir, n), 'utf8'))));
      } catch (err) {
        log(`jobs: the journal ${n} is not valid (${(err as Error).message.split('\n')[0]}); left as it is`);
      }
    }
    return out;
  }
}
