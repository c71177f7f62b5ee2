// The user's preferences, kept as preferences.json beside the connections in the config dir
// (see files/json-file-store.ts: atomic, schema-checked). Each field is checked as the UI's
// changes are; one that fails (a hand edit, an older version's value) falls back to its default
// alone, and a file that is not JSON gives the defaults. Either is replaced at the next change.
import { z } from 'zod';
import type { NamespaceImpl } from '../common/api/define.js';
import { preferences, type Preferences, type preferencesApi } from '../common/api/preferences.js';
import { InvalidStoredFile, JsonFileStore } from './files/json-file-store.js';

export const DEFAULT_PREFERENCES: Preferences = { statsIntervalMs: 1000, listColumns: ['cpu'], graphs: ['cpu', 'memory', 'disk', 'network'] };

// Any object on disk; its fields are checked one by one below. Keys a later version added are
// ignored, not refused.
const fileSchema = z.record(z.string(), z.unknown());
const fields = preferences.shape;

/** The `preferences` namespace. */
export class PreferencesStore implements NamespaceImpl<typeof preferencesApi> {
  #current: Preferences = { ...DEFAULT_PREFERENCES };
  readonly #file: JsonFileStore<Record<string, unknown>>;

  constructor(
    dir: string,
    private readonly log: (msg: string) => void = () => {},
    /** Hears every change (the backend tells every window). */
    private readonly changed: (next: Preferences) => void = () => {},
  ) {
    this.#file = new JsonFileStore(dir, 'preferences.json', fileSchema);
  }

  get current(): Preferences {
    return this.#current;
  }

  get(_p?: Record<string, never>): Preferences {
    return this.#current;
  }

  async load(): Promise<Preferences> {
    let saved: Record<string, unknown> | undefined;
    try {
      saved = await this.#file.read();
    } catch (err) {
      // Preferences are no reason not to start: an unreadable file gives the defaults too.
      this.log(`preferences.json is not valid (${err instanceof InvalidStoredFile ? err.detail : (err as Error).message}); using the defaults`);
    }
    const next: Preferences = { ...DEFAULT_PREFERENCES };
    for (const key of Object.keys(fields) as (keyof Preferences)[]) {
      if (saved === undefined || !Object.hasOwn(saved, key)) continue;
      const checked = fields[key].safeParse(saved[key]);
      if (checked.success) Object.assign(next, { [key]: checked.data });
      else this.log(`preferences.json: ${key} is not valid (${checked.error.issues[0]?.message ?? 'refused'}); using its default`);
    }
    this.#current = next;
    return next;
  }

  async update({ changes }: { changes: Partial<Preferences> }): Promise<Preferences> {
    const next: Preferences = { ...this.#current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    this.#current = next;
    await this.#file.write(next);
    this.changed(next);
    return next;
  }
}
