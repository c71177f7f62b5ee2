// The VM list's optional live columns and the Performance pages' graphs, by the ids saved in
// the preferences (listColumns, graphs).
export const LIST_COLUMNS = ['cpu', 'memory', 'disk', 'network'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
export const GRAPHS = ['cpu', 'memory', 'disk', 'network'] as const;

/** The known ids of `saved`, in the list's own order (unknown ids from newer versions stay saved but unshown). */
export function shownColumns(saved: readonly string[] | undefined): ListColumn[] {
  const s = new Set(saved ?? ['cpu']);
  return LIST_COLUMNS.filter((c) => s.has(c));
}

/** `saved` with `id` turned on or off, keeping ids this version does not know. */
export function toggled(saved: readonly string[], id: string, on: boolean): string[] {
  const rest = saved.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}
