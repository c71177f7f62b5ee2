// A fixed-size ring of samples kept in typed arrays: one time (epoch ms) and `width` figures
// per sample. Per-tick figures live here, never in the zustand store (see field notes).

export class Ring {
  readonly times: Float64Array;
  readonly data: Float64Array | Float32Array;
  #head = 0; // the slot the next sample goes to
  #length = 0;

  /** `compact` keeps figures as Float32 (sparklines: precision does not matter, memory does). */
  constructor(
    readonly capacity: number,
    readonly width: number,
    compact = false,
  ) {
    if (!(capacity > 0) || !(width > 0)) throw new RangeError('a ring needs room for at least one figure');
    this.times = new Float64Array(capacity);
    this.data = compact ? new Float32Array(capacity * width) : new Float64Array(capacity * width);
  }

  get length(): number {
    return this.#length;
  }

  /** Appends one sample: `width` figures read from `src` at `offset`. Evicts the oldest when full. */
  push(t: number, src: ArrayLike<number>, offset = 0): void {
    const slot = this.#head;
    this.times[slot] = t;
    const base = slot * this.width;
    for (let f = 0; f < this.width; f++) this.data[base + f] = src[offset + f] ?? Number.NaN;
    this.#head = (slot + 1) % this.capacity;
    if (this.#length < this.capacity) this.#length++;
  }

  /** The physical slot of the i-th sample, 0 = oldest. */
  #slot(i: number): number {
    return (this.#head - this.#length + i + this.capacity) % this.capacity;
  }

  time(i: number): number {
    return this.times[this.#slot(i)]!;
  }

  value(i: number, field: number): number {
    return this.data[this.#slot(i) * this.width + field]!;
  }

  /** Time of the newest sample, or -Infinity when empty. */
  lastTime(): number {
    return this.#length ? this.time(this.#length - 1) : -Infinity;
  }

  /** The first index whose time is at least `since` (length when none): samples are in time order. */
  indexSince(since: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time(mid) < since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clear(): void {
    this.#head = 0;
    this.#length = 0;
  }
}
