// The console's Send Key menu: key combinations the page cannot send itself (the desktop
// would take Ctrl+Alt+F1 or PrintScreen), pressed in the VM through libvirt.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { KEY_COMBOS, type KeyCombo } from '../../../../electron/common/api/keys.js';
import { api, notifyError } from '../../store/store.js';

const label = (c: KeyCombo) =>
  c
    .split('-')
    .map((k) => ({ ctrl: 'Ctrl', alt: 'Alt', del: 'Del', backspace: 'Backspace', printscreen: 'PrintScreen', sysrq: 'SysRq' })[k] ?? k.toUpperCase())
    .join('+');

export function SendKeyMenu({ target, disabled = false }: { target: DomainRef; disabled?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
  }, [open]);
  const send = (combo: KeyCombo) => {
    setOpen(false);
    api()
      .domains.sendKeys({ ref: target, combo })
      .catch((err: unknown) => {
        notifyError(t('console.sendKeyFailed', { keys: label(combo) }), err);
      });
  };
  const onKey = (e: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') setOpen(false);
    else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <div className="menu-anchor">
      <button type="button" aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen((o) => !o)}>
        {t('console.sendKey')}
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t('console.sendKey')} ref={menu} onKeyDown={onKey}>
          {KEY_COMBOS.map((c) => (
            <button key={c} type="button" role="menuitem" tabIndex={-1} onClick={() => send(c)}>
              {label(c)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
