// One namespace implemented by several services (consoles: graphical, text, Remote Viewer):
// each service holds some of the namespace's methods under their contract names, with their
// contract signatures; this gathers them into one object the server can call.
import type { Methods, NamespaceImpl } from '../../common/api/define.js';

type KeysOfEach<T> = T extends unknown ? keyof T : never;

/**
 * The namespace `ns` served by `parts`, each method from the part that has it. The types check
 * each part's methods against the schema and that together they cover every method; the
 * runtime check refuses a method claimed twice (which part would answer is then a guess).
 */
export function implement<NS extends Methods, const P extends readonly Partial<NamespaceImpl<NS>>[]>(
  ns: NS,
  ...parts: P & (Exclude<keyof NS, KeysOfEach<P[number]>> extends never ? unknown : { missing: Exclude<keyof NS, KeysOfEach<P[number]>> })
): NamespaceImpl<NS> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(ns)) {
    const owners = parts.filter((p) => typeof (p as Record<string, unknown>)[name] === 'function');
    if (owners.length !== 1) throw new Error(`${name} is implemented by ${owners.length} services, not one`);
    const owner = owners[0] as Record<string, (p: unknown) => unknown>;
    out[name] = owner[name]!.bind(owner);
  }
  return out as NamespaceImpl<NS>;
}
