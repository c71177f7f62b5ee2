// The user's preferences, kept beside the connections in the config dir (written atomically;
// a file that does not parse gives the defaults, and is replaced at the next change).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { NamespaceImpl } from '../common/api/define.js';
import { preferences, type Preferences, type preferencesApi } from '../common/api/preferences.js';
import { writeFileAtomic } from './atomic-write.js';

export const DEFAULT_PREFERENCES: Preferences = { statsIntervalMs: 1000, listColumns: ['cpu'], graphs: ['cpu', 'memory', 'disk', 'network'] };

// The contract's fields, each optional; keys a later version added are ignored, not refused.
const fileSchema = z.object(preferences.shape).partial();

/** The `preferences` namespace. */
export class PreferencesStore implements NamespaceImpl<typeof preferencesApi> {
  #current: Preferences = { ...DEFAULT_PREFERENCES };
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly log: (msg: string) => void = () => {},
    /** Hears every change (the backend tells every window). */
    private readonly changed: (next: Preferences) => void = () => {},
  ) {}

  get current(): Preferences {
    return this.#current;
  }

  get(_p?: Record<string, never>): Preferences {
    return this.#current;
  }

  async load(): Promise<Preferences> {
    try {
      const saved = fileSchema.parse(JSON.parse(await readFile(join(this.dir, 'preferences.json'), 'utf8')));
      this.#current = { ...DEFAULT_PREFERENCES, ...Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`preferences.json is not valid (${(err as Error).message.split('\n')[0]}); using the defaults`);
    }
    return this.#current;
  }

  async update({ changes }: { changes: Partial<Preferences> }): Promise<Preferences> {
    const next: Preferences = { ...this.#current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    this.#current = next;
    const run = this.#queue.then(() => writeFileAtomic(this.dir, 'preferences.json', `${JSON.stringify(next, null, 2)}\n`));
    this.#queue = run.catch(() => undefined);
    await run;
    this.changed(next);
    return next;
  }
}
