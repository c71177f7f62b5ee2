import type { RawStatsBatch, TypedParams } from './binding.js';

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Formats the 16 bytes at off as a canonical UUID string. */
export function uuidAt(bytes: Uint8Array, off: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += hex[bytes[off + i]!];
  }
  return s;
}

/**
 * Turns the addon's columnar bulk stats into one stats object per domain, in the batch's
 * order (index i is the batch's i-th domain).
 */
export function decodeStatsBatch(b: RawStatsBatch): TypedParams[] {
  const n = b.counts.length;
  const out = new Array<TypedParams>(n);
  let f = 0;
  let num = 0;
  let u64 = 0;
  let i64 = 0;
  let str = 0;
  for (let r = 0; r < n; r++) {
    const stats: TypedParams = {};
    const end = f + b.counts[r]!;
    for (; f < end; f++) {
      const key = b.keys[b.keyIdx[f]!]!;
      switch (b.kinds[f]) {
        case 0:
          stats[key] = b.nums[num++]!;
          break;
        case 1:
          stats[key] = b.u64s[u64++]!;
          break;
        case 2:
          stats[key] = b.i64s[i64++]!;
          break;
        case 3:
          stats[key] = b.nums[num++] !== 0;
          break;
        default:
          stats[key] = b.strs[str++]!;
      }
    }
    out[r] = stats;
  }
  return out;
}
