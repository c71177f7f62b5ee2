// Tabs after the WAI-ARIA tabs pattern: one tab stop for the list, arrows (Left/Right),
// Home and End move between tabs and select them (automatic activation), the panel is
// labelled by its tab. Controlled: the caller keeps which tab is selected (often in the URL).
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<Id extends string = string> {
  id: Id;
  label: string;
}

export function Tabs<Id extends string>(props: {
  /** The tab list's accessible name. */
  label: string;
  /** Unique among the page's tab sets: tab and panel ids derive from it. */
  idPrefix: string;
  tabs: readonly TabItem<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  /** The selected tab's panel; omitted when the caller renders the panel elsewhere (see tabPanelProps). */
  children?: ReactNode;
  /** Put beside the tab list (e.g. a toolbar button). */
  end?: ReactNode;
}) {
  const list = useRef<HTMLDivElement>(null);
  const { tabs, selected, onSelect, idPrefix } = props;
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((x) => x.id === selected);
    let next: number;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    else return;
    e.preventDefault();
    onSelect(tabs[next]!.id);
    list.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={props.label} className="tabs" ref={list} onKeyDown={onKey}>
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${x.id}`}
            aria-selected={x.id === selected}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={x.id === selected ? 0 : -1}
            onClick={() => onSelect(x.id)}
          >
            {x.label}
          </button>
        ))}
      </div>
      {props.end}
      {props.children !== undefined && (
        <div {...tabPanelProps(idPrefix, selected)} className="tabpanel">
          {props.children}
        </div>
      )}
    </>
  );
}

/** The attributes of a tab set's panel, for a panel rendered apart from its tab list. */
export function tabPanelProps(idPrefix: string, selected: string): { role: 'tabpanel'; id: string; 'aria-labelledby': string } {
  return { role: 'tabpanel', id: `${idPrefix}-panel`, 'aria-labelledby': `${idPrefix}-tab-${selected}` };
}
