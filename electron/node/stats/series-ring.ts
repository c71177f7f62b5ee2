// The last N samples of a fixed set of figures, in typed arrays: no objects per sample, so
// keeping 10 minutes for every running VM costs memory in proportion and no GC churn.
import { UNKNOWN, type StatsHistory } from '../../common/api/stats.js';

export class SeriesRing {
  readonly #times: Float64Array;
  readonly #values: Float32Array;
  #next = 0;
  #size = 0;

  constructor(
    readonly fields: readonly string[],
    readonly capacity: number,
  ) {
    this.#times = new Float64Array(capacity);
    this.#values = new Float32Array(capacity * fields.length);
  }

  get size(): number {
    return this.#size;
  }

  /** Time of the newest sample, -Infinity when empty. */
  get newest(): number {
    return this.#size === 0 ? -Infinity : this.#times[(this.#next - 1 + this.capacity) % this.capacity]!;
  }

  /** Appends a sample: field f is `from[pick[f]]`. The oldest sample goes when full. */
  push(t: number, from: ArrayLike<number>, pick: readonly number[]): void {
    const slot = this.#next;
    this.#times[slot] = t;
    const base = slot * this.fields.length;
    for (let f = 0; f < this.fields.length; f++) this.#values[base + f] = from[pick[f]!]!;
    this.#next = (slot + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The samples newer than `since` (epoch ms), oldest first. */
  read(since = -Infinity): StatsHistory {
    const times: number[] = [];
    const values: number[] = [];
    const width = this.fields.length;
    for (let k = this.#size; k > 0; k--) {
      const slot = (this.#next - k + this.capacity) % this.capacity;
      const t = this.#times[slot]!;
      if (t <= since) continue;
      times.push(t);
      for (let f = 0; f < width; f++) {
        const v = this.#values[slot * width + f]!;
        // Float32 keeps -1 exact; everything else is a measured figure rounded to ~7 digits.
        values.push(v === UNKNOWN ? UNKNOWN : v);
      }
    }
    return { times, fields: this.fields, values };
  }
}
