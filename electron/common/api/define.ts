// How a namespace of the contract is written: each method once, as zod schemas for its params
// (validated at the server edge) and its result (the type callers get; checked by the server in
// tests and development, see electron/node/rpc/result-checks.ts), with its JSDoc on the
// property. The client's API (`ClientOf`) and what a backend service must implement
// (`NamespaceImpl`) are derived from these objects, so there is no second interface to keep in
// step.
import { z } from 'zod';

/** One method of a namespace. */
export interface MethodDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  /** The one argument: a strict object schema (unknown keys are refused). */
  readonly params: P;
  /** What it resolves to. No transforms or defaults: the value a service returns is what crosses the wire. */
  readonly result: R;
}

/** The methods of one namespace, by name. */
export type Methods = Readonly<Record<string, MethodDef>>;

export const method = <P extends z.ZodType, R extends z.ZodType>(def: { params: P; result: R }): MethodDef<P, R> => def;

/** The result of a method that resolves to nothing. */
export const done = z.void();

/** A namespace's methods; the identity function that keeps their literal types (and JSDoc). */
export const defineNamespace = <const NS extends Methods>(methods: NS): NS => methods;

type ResultOf<D> = D extends MethodDef<z.ZodType, infer R> ? z.output<R> : never;

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
