// A data table: column headers that sort (a button each, aria-sort on the header), rows that
// take the focus one at a time (Up/Down, Home/End move it; Enter activates the row), for the
// lists of editors (devices, snapshots, volumes). The VM list keeps its own virtualised grid.
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { nextSort, sortRows, type SortState, type SortValue } from './data-table-sort.js';

export interface Column<R, C extends string = string> {
  id: C;
  header: string;
  cell(row: R): ReactNode;
  /** The value the column sorts by; without it the column does not sort. */
  sortValue?(row: R): SortValue;
  numeric?: boolean;
}

export function DataTable<R, C extends string = string>(props: {
  caption: string;
  columns: readonly Column<R, C>[];
  rows: readonly R[];
  rowKey(row: R): string;
  initialSort?: SortState<C>;
  onActivate?(row: R): void;
  empty?: string;
  testId?: string;
}) {
  const [sort, setSort] = useState<SortState<C> | null>(props.initialSort ?? null);
  const [focused, setFocused] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(() => {
    const col = sort && props.columns.find((c) => c.id === sort.column);
    return sort && col?.sortValue ? sortRows(props.rows, col.sortValue, sort.descending) : [...props.rows];
  }, [props.rows, props.columns, sort]);
  const current = Math.min(focused, Math.max(0, rows.length - 1));
  const moveTo = (i: number) => {
    setFocused(i);
    body.current?.querySelectorAll<HTMLElement>('tr')[i]?.focus();
  };
  const onKey = (e: KeyboardEvent, row: R) => {
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, current + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, current - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'Enter' && props.onActivate) {
      e.preventDefault();
      props.onActivate(row);
      return;
    } else return;
    e.preventDefault();
    moveTo(next);
  };
  return (
    <table className="data-table" data-testid={props.testId}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => {
            const sorted = sort?.column === c.id ? (sort.descending ? 'descending' : 'ascending') : undefined;
            return (
              <th key={c.id} scope="col" className={c.numeric ? 'num' : undefined} {...(sorted ? { 'aria-sort': sorted } : {})}>
                {c.sortValue ? (
                  <button type="button" className="sort" onClick={() => setSort((s) => nextSort(s, c.id))}>
                    {c.header}
                    <span aria-hidden="true">{sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}</span>
                  </button>
                ) : (
                  c.header
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody ref={body}>
        {rows.length === 0 && props.empty !== undefined ? (
          <tr>
            <td colSpan={props.columns.length} className="empty">
              {props.empty}
            </td>
          </tr>
        ) : (
          rows.map((row, i) => (
            <tr
              key={props.rowKey(row)}
              tabIndex={i === current ? 0 : -1}
              onFocus={() => setFocused(i)}
              onKeyDown={(e) => onKey(e, row)}
              onDoubleClick={props.onActivate ? () => props.onActivate!(row) : undefined}
            >
              {props.columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.id} scope="row" className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.id} className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
