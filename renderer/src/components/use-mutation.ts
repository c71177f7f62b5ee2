// A change sent to the backend, with its state (pending, the error) and one way of reporting a
// failure: inline, for an ErrorNotice where the change was asked (forms, dialogs), or as a
// notice titled with what was being done (toolbar actions).
import { useCallback, useRef, useState } from 'react';
import { notifyError } from '../store/store.js';

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface Mutation<A extends unknown[], R> {
  /** Runs the change; never rejects: a failure is reported, and said in the outcome. */
  run(...args: A): Promise<Outcome<R>>;
  pending: boolean;
  /** The last failure, until the next run or reset(). */
  error: unknown;
  reset(): void;
}

export function useMutation<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  options: { report: 'inline' } | { report: 'notice'; title: (...args: A) => string },
): Mutation<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef({ fn, options });
  latest.current = { fn, options };
  const run = useCallback(async (...args: A): Promise<Outcome<R>> => {
    setPending(true);
    setError(null);
    try {
      return { ok: true, value: await latest.current.fn(...args) };
    } catch (err) {
      const o = latest.current.options;
      if (o.report === 'notice') notifyError(o.title(...args), err);
      else setError(err);
      return { ok: false, error: err };
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error, reset: useCallback(() => setError(null), []) };
}
