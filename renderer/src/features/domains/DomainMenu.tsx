import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store.js';
import { ACTIONS } from './actions.js';
import { requestAction, selectedDomains } from './lifecycle.js';

/** The VM list's context menu: the toolbar's lifecycle actions, with their shortcuts. */
export function DomainMenu(props: { x: number; y: number; onClose(): void }) {
  const { t } = useTranslation();
  const targets = useStore(useShallow(selectedDomains));
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) props.onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [props]);

  const onKey = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') props.onClose();
    else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div ref={ref} className="menu" role="menu" aria-label={t('domains.heading')} style={{ left: props.x, top: props.y }} onKeyDown={onKey}>
      {ACTIONS.map((a) => (
        <button
          key={a.id}
          type="button"
          role="menuitem"
          disabled={!targets.some(a.allowed)}
          aria-keyshortcuts={a.keys}
          onClick={() => {
            props.onClose();
            requestAction(a.id);
          }}
        >
          <span>{t(`toolbar.${a.id}`)}</span>
          {a.keys && <kbd aria-hidden="true">{a.keys.replace('Control', 'Ctrl')}</kbd>}
        </button>
      ))}
    </div>
  );
}
