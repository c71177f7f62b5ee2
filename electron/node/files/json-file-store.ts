// One JSON file of the config dir (connections, preferences, pending removals, a job's journal),
// read and written the one way: what comes from disk is checked against a zod schema as input
// from the UI is (a hand-edited or half-migrated file is data from outside too); writes are
// atomic (see atomic-write.ts) and run one after another in call order, so the last call's value
// is what the file holds; temporary files that a crashed writer left are swept before the
// first read or write.
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { sweepStrayTemps } from './stray-temps.js';

/** A file that exists but holds no valid content: not JSON, or JSON its schema refuses. */
export class InvalidStoredFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'not-json' | 'schema',
    /** The parser's or the schema's first complaint. */
    readonly detail: string,
  ) {
    super(`${path} ${reason === 'not-json' ? 'is not JSON' : 'does not match its schema'}: ${detail}`);
    this.name = 'InvalidStoredFile';
  }
}

export class JsonFileStore<T> {
  readonly path: string;
  #queue: Promise<unknown>;

  constructor(
    readonly dir: string,
    readonly name: string,
    private readonly schema: z.ZodType<T>,
  ) {
    this.path = join(dir, name);
    // Removed before anything else touches the file; a failed sweep leaves only litter.
    this.#queue = sweepStrayTemps(dir, name).catch(() => undefined);
  }

  /**
   * The file's content, checked; undefined when there is no file. Throws InvalidStoredFile
   * when it is not JSON or its schema refuses it (the caller decides what that means: defaults,
   * the file kept aside, or the entries that are valid).
   */
  read(): Promise<T | undefined> {
    return this.#enqueue(() => this.#read());
  }

  /** Writes `value` atomically, after every write called before it. Refuses a value its schema refuses. */
  write(value: T): Promise<void> {
    return this.#enqueue(() => {
      const checked = this.schema.safeParse(value);
      if (!checked.success) throw new InvalidStoredFile(this.path, 'schema', firstIssue(checked.error));
      return writeFileAtomic(this.dir, this.name, `${JSON.stringify(checked.data, null, 2)}\n`);
    });
  }

  /** Deletes the file, after every write called before. */
  remove(): Promise<void> {
    return this.#enqueue(() => rm(this.path, { force: true }));
  }

  /** Renames an invalid file to NAME.corrupt-TIME beside it, so the next write does not destroy it; returns the new path. */
  setAside(): Promise<string> {
    return this.#enqueue(async () => {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      await rename(this.path, aside);
      return aside;
    });
  }

  async #read(): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new InvalidStoredFile(this.path, 'not-json', (err as Error).message);
    }
    const checked = this.schema.safeParse(json);
    if (!checked.success) throw new InvalidStoredFile(this.path, 'schema', firstIssue(checked.error));
    return checked.data;
  }

  #enqueue<R>(job: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(job);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return error.message;
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * The items its schema accepts, for files whose entries stand alone (a bad one should not cost
 * the others); `refused` hears each other one's index and first complaint.
 */
export function validEntries<E>(schema: z.ZodType<E>, items: readonly unknown[], refused: (index: number, detail: string) => void): E[] {
  const out: E[] = [];
  items.forEach((item, i) => {
    const checked = schema.safeParse(item);
    if (checked.success) out.push(checked.data);
    else refused(i, firstIssue(checked.error));
  });
  return out;
}
