// SHA-512 crypt ($6$, Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512"), the hash
// `openssl passwd -6` and glibc's crypt(3) produce, so the guest's /etc/shadow can take it as
// it is and no plain password is ever written into a seed image. Built on node:crypto: the
// npm packages for it are small and dormant, and this is a fixed, fully specified algorithm
// that the tests check against openssl itself.
import { createHash, randomBytes, type Hash } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
const SALT_MAX = 16;

const sha512 = (): Hash => createHash('sha512');

/** `length` bytes of `block` repeated. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += block.length) block.copy(out, i, 0, Math.min(block.length, length - i));
  return out;
}

function b64from24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let s = '';
  for (let i = 0; i < n; i++) {
    s += ITOA64[w & 0x3f];
    w >>>= 6;
  }
  return s;
}

// The output permutes the 64 digest bytes in groups of three, as the specification lists them.
const ORDER: [number, number, number][] = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

/** A random 16-character salt from crypt's alphabet. */
export function randomSalt(): string {
  return [...randomBytes(SALT_MAX)].map((b) => ITOA64[b & 0x3f]).join('');
}

/**
 * The $6$ hash of password. salt: up to 16 characters of crypt's alphabet (random when
 * omitted); rounds: 5000 unless given (then written into the hash as rounds=N).
 */
export function sha512Crypt(password: string, salt: string = randomSalt(), rounds?: number): string {
  if (!/^[./0-9A-Za-z]*$/.test(salt)) throw new Error('The salt may hold only the characters ./0-9A-Za-z.');
  const s = Buffer.from(salt.slice(0, SALT_MAX), 'utf8');
  const r = rounds === undefined ? ROUNDS_DEFAULT : Math.min(ROUNDS_MAX, Math.max(ROUNDS_MIN, Math.floor(rounds)));
  const p = Buffer.from(password, 'utf8');

  const b = sha512().update(p).update(s).update(p).digest();
  const actx = sha512().update(p).update(s).update(repeatTo(b, p.length));
  for (let n = p.length; n > 0; n >>>= 1) actx.update(n & 1 ? b : p);
  const a = actx.digest();

  const dp = sha512();
  for (let i = 0; i < p.length; i++) dp.update(p);
  const pBytes = repeatTo(dp.digest(), p.length);

  const ds = sha512();
  for (let i = 0; i < 16 + a[0]!; i++) ds.update(s);
  const sBytes = repeatTo(ds.digest(), s.length);

  let c = a;
  for (let i = 0; i < r; i++) {
    const ctx = sha512();
    ctx.update(i & 1 ? pBytes : c);
    if (i % 3) ctx.update(sBytes);
    if (i % 7) ctx.update(pBytes);
    ctx.update(i & 1 ? c : pBytes);
    c = ctx.digest();
  }

  let out = ORDER.map(([x, y, z]) => b64from24(c[x]!, c[y]!, c[z]!, 4)).join('');
  out += b64from24(0, 0, c[63]!, 2);
  const roundsPart = rounds === undefined ? '' : `rounds=${r}$`;
  return `$6$${roundsPart}${s.toString('utf8')}$${out}`;
}
