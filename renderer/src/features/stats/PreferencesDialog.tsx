// Preferences: the sampling interval and which live columns and graphs are shown, saved
// through preferences.update.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import { api, useStore } from '../../store/store.js';
import { GRAPHS, LIST_COLUMNS, toggled } from './columns.js';
import { errorLine } from '../../i18n/messages.js';

export function PreferencesButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t('preferences.open')}
      </button>
      {open && <PreferencesDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function PreferencesDialog(props: { onClose(): void }) {
  const { t } = useTranslation();
  const prefs = useStore((s) => s.preferences);
  const ref = useRef<HTMLDialogElement>(null);
  const [seconds, setSeconds] = useState(String((prefs?.statsIntervalMs ?? 1000) / 1000));
  const [columns, setColumns] = useState<string[]>(prefs?.listColumns ?? ['cpu']);
  const [graphs, setGraphs] = useState<string[]>(prefs?.graphs ?? [...GRAPHS]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const value = Number(seconds.replace(',', '.'));
  const valid = Number.isFinite(value) && value >= 0.5 && value <= 10;
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    api()
      .preferences.update({ changes: { statsIntervalMs: Math.round(value * 1000), listColumns: columns, graphs } })
      .then((preferences) => {
        useStore.setState({ preferences });
        props.onClose();
      })
      .catch((err: unknown) => setError(`${t('preferences.saveFailed')}: ${errorLine(err)}`))
      .finally(() => setBusy(false));
  };
  return (
    <dialog ref={ref} className="form-dialog preferences" aria-labelledby="prefs-title" onCancel={props.onClose}>
      <form onSubmit={save}>
        <h2 id="prefs-title">{t('preferences.title')}</h2>
        <Field label={t('preferences.interval')}>
          <input
            type="number"
            min={0.5}
            max={10}
            step={0.5}
            value={seconds}
            onChange={(e) => setSeconds(e.target.value)}
            aria-invalid={!valid}
            aria-describedby="prefs-interval-hint"
            required
          />
        </Field>
        <p id="prefs-interval-hint" className="muted hint">
          {t('preferences.intervalHint')}
        </p>
        <fieldset>
          <legend>{t('preferences.listColumns')}</legend>
          {LIST_COLUMNS.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={columns.includes(c)} onChange={(e) => setColumns(toggled(columns, c, e.target.checked))} />
              {t(`stats.col_${c}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('preferences.graphs')}</legend>
          {GRAPHS.map((g) => (
            <label key={g}>
              <input type="checkbox" checked={graphs.includes(g)} onChange={(e) => setGraphs(toggled(graphs, g, e.target.checked))} />
              {t(`graphs.${g}`)}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="buttons">
          <button type="button" onClick={props.onClose}>
            {t('preferences.cancel')}
          </button>
          <button type="submit" disabled={!valid || busy}>
            {t('preferences.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
