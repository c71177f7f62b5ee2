// Binds form-state.ts to a component: the editor's values, dirty fields, problems, and the
// Apply/Revert actions; the backend's values rebase the form (untouched fields follow them).
import { useEffect, useMemo, useState } from 'react';
import { applied, changes, dirtyFields, initForm, rebase, revert, setField, validate, type FieldProblem, type FormState, type Validators } from './form-state.js';

export interface FormApi<V extends object> {
  values: V;
  base: V;
  set<K extends keyof V>(key: K, value: V[K]): void;
  dirty: (keyof V)[];
  problems: Partial<Record<keyof V, FieldProblem>>;
  valid: boolean;
  revert(): void;
  /** The changed fields, for Apply. */
  changes(): Partial<V>;
  /** Apply succeeded: what the user has is now the base. */
  markApplied(): void;
}

/** `base` is the backend's current values; a new object (by identity) rebases the form. */
export function useForm<V extends object>(base: V, validators: Validators<V> = {}): FormApi<V> {
  const [state, setState] = useState<FormState<V>>(() => initForm(base));
  useEffect(() => setState((s) => (s.base === base ? s : rebase(s, base))), [base]);
  const problems = useMemo(() => validate(state.values, validators), [state.values, validators]);
  return {
    values: state.values,
    base: state.base,
    set: (key, value) => setState((s) => setField(s, key, value)),
    dirty: dirtyFields(state),
    problems,
    valid: Object.keys(problems).length === 0,
    revert: () => setState(revert),
    changes: () => changes(state),
    markApplied: () => setState((s) => applied(s)),
  };
}
