// What the backend sends, checked against the contract: in tests and development
// (VIRTDECK_CHECK_RESULTS=1, set by the test supports that start backends and servers) every
// result and every event payload is parsed with its schema, and one that does not fit fails
// loudly, so a service that drifts from its type (a field renamed, a NaN, a leaked internal
// field) is caught where it happens and not in some renderer later. Production skips the parse:
// the types already hold the services to the schemas, and the check costs time per message.
import type { z } from 'zod';

/** The environment variable that turns the checks on ("1"). */
export const CHECK_RESULTS_ENV = 'VIRTDECK_CHECK_RESULTS';

export function resultChecksWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[CHECK_RESULTS_ENV] === '1';
}

/** A result or event that does not fit its schema. */
export class ContractDrift extends Error {
  override readonly name = 'ContractDrift';
}

/** Why `value` does not fit `schema` (at most a few issues, each with its path), or null when it does. */
export function driftOf(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(the value)'}: ${i.message}`);
  return issues.join('; ');
}

/**
 * Makes a drift impossible to miss: said in the log, then thrown outside the call that found it
 * (an uncaught exception), so the test running fails with it and a backend process ends with it
 * on stderr, while the service that produced the value is not disturbed mid-work.
 */
export function raiseDrift(what: string, log: (msg: string) => void): void {
  const err = new ContractDrift(what);
  log(`contract drift: ${what}`);
  setImmediate(() => {
    throw err;
  });
}
