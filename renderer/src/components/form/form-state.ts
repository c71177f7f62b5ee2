// An editor's form as plain data: the values it was loaded from (what the backend has), the
// values the user is editing, which fields differ (dirty), and what is wrong with them. No DOM
// and no React: unit-tested; use-form.ts binds it to a component.

import type { UiKey } from '../../i18n/resources.js';

/** A problem with a field, as an i18n key and its parameters (the UI words it). */
export interface FieldProblem {
  key: UiKey;
  params?: Record<string, string | number>;
}

/** Per field, a check that returns its problem or null; it sees every value (for cross-field rules). */
export type Validators<V> = { [K in keyof V]?: (value: V[K], all: V) => FieldProblem | null };

export interface FormState<V> {
  /** What the form was loaded from: Revert returns here, dirtiness is measured against it. */
  readonly base: V;
  readonly values: V;
}

export function initForm<V>(base: V): FormState<V> {
  return { base, values: base };
}

/** Structural equality for form values (JSON-like data: numbers, strings, booleans, arrays, plain objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The fields whose value differs from the base, in the values' key order. */
export function dirtyFields<V extends object>(s: FormState<V>): (keyof V)[] {
  return (Object.keys(s.values) as (keyof V)[]).filter((k) => !sameValue(s.values[k], s.base[k]));
}

export function isDirty<V extends object>(s: FormState<V>): boolean {
  return dirtyFields(s).length > 0;
}

export function setField<V, K extends keyof V>(s: FormState<V>, key: K, value: V[K]): FormState<V> {
  if (sameValue(s.values[key], value)) return s;
  return { base: s.base, values: { ...s.values, [key]: value } };
}

/** Revert: the values the form was loaded from. */
export function revert<V>(s: FormState<V>): FormState<V> {
  return s.values === s.base ? s : { base: s.base, values: s.base };
}

/**
 * The backend's values changed (an event, another window, virsh): fields the user has not
 * touched follow them; edited fields keep the user's value. A field the user edited to what the
 * backend now has is clean again.
 */
export function rebase<V extends object>(s: FormState<V>, base: V): FormState<V> {
  const dirty = new Set(dirtyFields(s));
  const values = { ...base };
  for (const k of dirty) values[k] = s.values[k];
  return { base, values };
}

/** After a successful Apply: what was applied is the new base. */
export function applied<V>(s: FormState<V>, base: V = s.values): FormState<V> {
  return { base, values: base };
}

/** Problems per field; empty when the values are valid. */
export function validate<V extends object>(values: V, validators: Validators<V>): Partial<Record<keyof V, FieldProblem>> {
  const out: Partial<Record<keyof V, FieldProblem>> = {};
  for (const k of Object.keys(validators) as (keyof V)[]) {
    const check = validators[k];
    const p = check ? check(values[k], values) : null;
    if (p) out[k] = p;
  }
  return out;
}

/** The changed fields only, what an Apply sends (untouched fields stay as they are in the XML). */
export function changes<V extends object>(s: FormState<V>): Partial<V> {
  const out: Partial<V> = {};
  for (const k of dirtyFields(s)) out[k] = s.values[k];
  return out;
}

// Common checks, returning the problems the UI words (keys in i18n/en.ts, `form.*`).
export const checks = {
  required:
    <T>() =>
    (v: T): FieldProblem | null =>
      v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? { key: 'form.required' } : null,
  integerBetween:
    (min: number, max: number) =>
    (v: number): FieldProblem | null =>
      !Number.isInteger(v) || v < min || v > max ? { key: 'form.integerBetween', params: { min, max } } : null,
  maxLength:
    (max: number) =>
    (v: string): FieldProblem | null =>
      v.length > max ? { key: 'form.maxLength', params: { count: max } } : null,
};
