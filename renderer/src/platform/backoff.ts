// How long the page waits between tries to reach its server again (transport.ts). No DOM here,
// so the unit tests run it under Node.

/** Backoff between tries: doubling from half a second to 10 s, with ±20 % jitter so tabs do not retry in step. */
export function retryDelayMs(attempt: number, random = Math.random()): number {
  const base = Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}
