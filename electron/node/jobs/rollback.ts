// Undo for multi-step work: each step that makes something registers how to undo it; a
// failure or a Cancel undoes them all, newest first. Each undo may carry the journal entry it
// settles, so that what could not be undone stays in the journal for the next connect.
import type { JournalEntry } from './journal.js';

export interface Undo {
  what: string;
  run: () => Promise<unknown>;
  entry?: JournalEntry;
}

export class Rollback {
  readonly #undo: Undo[] = [];

  add(what: string, run: () => Promise<unknown>, entry?: JournalEntry): void {
    this.#undo.push({ what, run, ...(entry ? { entry } : {}) });
  }

  get size(): number {
    return this.#undo.length;
  }

  /** Undoes everything, newest first; returns what could not be undone. */
  async run(log: (msg: string) => void): Promise<Undo[]> {
    const left: Undo[] = [];
    for (const u of this.#undo.reverse()) {
      try {
        await u.run();
        log(`job: rolled back ${u.what}`);
      } catch (err) {
        left.push(u);
        log(`job: could not roll back ${u.what}: ${(err as Error).message}`);
      }
    }
    this.#undo.length = 0;
    return left;
  }
}
