// A host's objects (networks, pools) as a single-select list beside the selected one's details:
// the listbox pattern with one tab stop, Up/Down/Home/End moving the selection (and the focus),
// a click selecting. Each option's name is its visible text.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export function ObjectList<R>(props: {
  /** The list's accessible name (its heading's id). */
  labelledBy: string;
  rows: readonly R[];
  keyOf(row: R): string;
  selected: string | null;
  onSelect(key: string): void;
  children(row: R): ReactNode;
  testIdOf?(row: R): string;
}) {
  const list = useRef<HTMLUListElement>(null);
  const { rows, keyOf, selected, onSelect } = props;
  const index = rows.findIndex((r) => keyOf(r) === selected);
  const onKey = (e: KeyboardEvent) => {
    if (rows.length === 0) return;
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, index + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else return;
    e.preventDefault();
    onSelect(keyOf(rows[next]!));
    list.current?.querySelectorAll<HTMLElement>('[role="option"]')[next]?.focus();
  };
  return (
    <ul role="listbox" className="object-list" aria-labelledby={props.labelledBy} ref={list} onKeyDown={onKey}>
      {rows.map((r, i) => {
        const key = keyOf(r);
        return (
          <li
            key={key}
            role="option"
            aria-selected={key === selected}
            // One tab stop: the selected option, else the first.
            tabIndex={key === selected || (index < 0 && i === 0) ? 0 : -1}
            onClick={() => onSelect(key)}
            data-testid={props.testIdOf?.(r)}
          >
            {props.children(r)}
          </li>
        );
      })}
    </ul>
  );
}
