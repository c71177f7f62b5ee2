// How a namespace of the contract is written: each method once, as a zod schema for its
// params (validated at the server edge) and its result type, with its JSDoc on the property.
// The client's API (`ClientOf`) and what a backend service must implement (`NamespaceImpl`)
// are derived from these objects, so there is no second interface to keep in step.
import type { z } from 'zod';

/** Carries a result type on a method without a runtime schema (results are trusted: they come from us). */
export interface Returns<R> {
  /** Phantom: never set; present for the type only. */
  readonly __result?: R;
}

/** The result type of a method: `returns<DomainSummary[]>()`. */
export const returns = <R>(): Returns<R> => ({});

/** One method of a namespace. */
export interface MethodDef<P extends z.ZodType = z.ZodType, R = unknown> {
  /** The one argument: a strict object schema (unknown keys are refused). */
  readonly params: P;
  readonly result: Returns<R>;
}

/** The methods of one namespace, by name. */
export type Methods = Readonly<Record<string, MethodDef>>;

export const method = <P extends z.ZodType, R>(def: { params: P; result: Returns<R> }): MethodDef<P, R> => def;

/** A namespace's methods; the identity function that keeps their literal types (and JSDoc). */
export const defineNamespace = <const NS extends Methods>(methods: NS): NS => methods;

type ResultOf<D> = D extends MethodDef<z.ZodType, infer R> ? R : never;

/** The caller's view of a namespace: params as the caller writes them, a Promise of the result. */
export type ClientOf<NS extends Methods> = {
  [M in keyof NS]: (p: z.input<NS[M]['params']>) => Promise<ResultOf<NS[M]>>;
};

/**
 * What a backend service implements for a namespace: the params after validation (defaults
 * applied), the result or a Promise of it. A service class says `implements NamespaceImpl<typeof
 * domainsApi>` and is registered as is; adding a method touches its schema and its service only.
 */
export type NamespaceImpl<NS extends Methods> = {
  [M in keyof NS]: (p: z.output<NS[M]['params']>) => Promise<ResultOf<NS[M]>> | ResultOf<NS[M]>;
};

/** The params of a method as the caller writes them. */
export type ParamsOf<D extends MethodDef> = z.input<D['params']>;
