import type { Timers } from '../../electron/node/connections/manager.js';

/** Timers that move only when the test says so. */
export class FakeTimers implements Timers {
  #now = 1_000_000;
  #next = 1;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  now() {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.#next++;
    this.#due.set(id, { at: this.#now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.#due.delete(h as number);
  }
  pending(): number[] {
    return [...this.#due.values()].map((d) => d.at - this.#now);
  }
  advance(ms: number) {
    this.#now += ms;
    for (const [id, d] of [...this.#due]) {
      if (d.at <= this.#now) {
        this.#due.delete(id);
        d.fn();
      }
    }
  }
}
