// The VM list's `Columns` button: a popup of checkboxes, one per live column, saved at once
// through preferences.update (every window follows preferences.changed).
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notifyError, useStore } from '../../store/store.js';
import { LIST_COLUMNS, toggled } from './columns.js';

export function ColumnChooser() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const saved = useStore((s) => s.preferences?.listColumns);
  const [pending, setPending] = useState<string[] | null>(null);
  const current = pending ?? saved ?? ['cpu'];
  const popup = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    popup.current?.querySelector('input')?.focus();
    const away = (e: MouseEvent) => {
      if (!popup.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  // The choice shown is the last one asked for until its own answer: answers (and the
  // preferences.changed events) of earlier clicks come meanwhile and must not undo later ones.
  const latest = useRef(0);
  const change = (col: string, on: boolean) => {
    const listColumns = toggled(current, col, on);
    setPending(listColumns);
    const mine = ++latest.current;
    api()
      .preferences.update({ changes: { listColumns } })
      .then((preferences) => {
        useStore.setState({ preferences });
        if (mine === latest.current) setPending(null);
      })
      .catch((err: unknown) => {
        if (mine === latest.current) setPending(null);
        notifyError(t('stats.columnsSaveFailed'), err);
      });
  };
  return (
    <div className="column-chooser">
      <button ref={button} type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {t('stats.columns')}
      </button>
      {open && (
        <div
          ref={popup}
          id={id}
          className="popup"
          role="group"
          aria-label={t('stats.columns')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              setOpen(false);
              button.current?.focus();
            }
          }}
        >
          {LIST_COLUMNS.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={current.includes(c)} onChange={(e) => change(c, e.target.checked)} />
              {t(`stats.col_${c}`)}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
