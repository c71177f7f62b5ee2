// The list of a VM's hardware (a listbox): one tab stop, Up/Down/Home/End move the selection
// and the editor follows; items with changes waiting for a restart are marked. The focus
// follows the selection once it has moved (the tab may first ask whether to drop unapplied
// changes, and keep the selection where it is).
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { wordKey } from '../../../i18n/index.js';
import type { HardwareItem } from './device-list.js';
import { DeviceIcon } from './DeviceIcon.js';

export function HardwareList(props: { items: HardwareItem[]; selected: string; pending: ReadonlySet<string>; onSelect(key: string): void }) {
  const { t } = useTranslation();
  const { items, selected } = props;
  const list = useRef<HTMLDivElement>(null);
  const prefix = useId();
  const pendingId = `${prefix}-pending`;
  const onKey = (e: KeyboardEvent) => {
    const i = items.findIndex((x) => x.key === selected);
    let next: number;
    if (e.key === 'ArrowDown') next = Math.min(i + 1, items.length - 1);
    else if (e.key === 'ArrowUp') next = Math.max(i - 1, 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else return;
    e.preventDefault();
    props.onSelect(items[next]!.key);
  };
  useEffect(() => {
    const el = list.current;
    if (el && el.contains(document.activeElement)) el.querySelector<HTMLElement>('[role="option"][aria-selected="true"]')?.focus();
  }, [selected]);
  return (
    <div className="hw-list" role="listbox" aria-label={t('hardware.list')} ref={list} onKeyDown={onKey} data-testid="hardware-list">
      {items.map((it) => {
        const on = it.key === selected;
        const pending = props.pending.has(it.key);
        return (
          <div
            key={it.key}
            role="option"
            aria-selected={on}
            tabIndex={on ? 0 : -1}
            className={on ? 'hw-item selected' : 'hw-item'}
            onClick={() => props.onSelect(it.key)}
            {...(pending ? { 'aria-describedby': pendingId } : {})}
          >
            <DeviceIcon name={it.icon} />
            <span className="hw-item-label">{wordKey(it.label.key, it.label.params)}</span>
            {pending && <span className="hw-dot" aria-hidden="true" />}
          </div>
        );
      })}
      <span id={pendingId} hidden>
        {t('hardware.pendingItem')}
      </span>
    </div>
  );
}
