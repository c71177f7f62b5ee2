// The one way a part of Virtdeck tells others that something happened, backend and renderer
// alike: `emitter.on(fn)` returns its own unsubscribe, `emit(value)` calls every listener in
// the order they subscribed. Typed by the one value it carries (a tuple for several), so a
// listener cannot be registered for the wrong event by a string typo as with EventEmitter.

export type Unsubscribe = () => void;

export class Emitter<T> {
  readonly #listeners = new Set<(value: T) => void>();

  /** Calls `listener` on every later emit until the returned function is called. */
  on(listener: (value: T) => void): Unsubscribe {
    // A wrapper, so the same function subscribed twice is called twice and unsubscribes once.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * Calls every listener with `value`. Listeners added or removed meanwhile take effect from
   * the next emit. One listener that throws does not keep the others from hearing the event;
   * its error is rethrown once all have run (several: as an AggregateError).
   */
  emit(value: T): void {
    const errors: unknown[] = [];
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} listeners failed`);
  }

  /** How many listeners are subscribed (for leak checks in tests). */
  get size(): number {
    return this.#listeners.size;
  }

  /** Drops every listener (at dispose). */
  clear(): void {
    this.#listeners.clear();
  }
}
