// The data table's order: a stable sort by one column, ascending or descending, with a
// numeric-aware collation for text. No DOM: unit-tested.

export type SortValue = string | number | undefined;
export interface SortState<C extends string = string> {
  column: C;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two cell values; unknown (undefined) sorts last in either direction. */
export function compareValues(a: SortValue, b: SortValue): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** The rows in the column's order; the input is not changed, ties keep their order. */
export function sortRows<R>(rows: readonly R[], value: (row: R) => SortValue, descending: boolean): R[] {
  const dir = descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((x, y) => {
      if (x.v === undefined || y.v === undefined) return compareValues(x.v, y.v) || x.i - y.i;
      return compareValues(x.v, y.v) * dir || x.i - y.i;
    })
    .map((x) => x.row);
}

/** A click on a header: that column ascending, or the other direction when it is the sorted one. */
export function nextSort<C extends string>(s: SortState<C> | null, column: C): SortState<C> {
  return s && s.column === column ? { column, descending: !s.descending } : { column, descending: false };
}
