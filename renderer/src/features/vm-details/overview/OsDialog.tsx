// Chooses the OS a VM runs, from osinfo-db (osinfo.search), or none. The choice then goes
// through the same preview and apply as every edit (its diff is the VM's metadata).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OsChoice } from '../../../../../electron/common/api/osinfo.js';
import { Dialog } from '../../../components/Dialog.js';
import { api } from '../../../store/store.js';

/** The value of "no OS named" in the list. */
const NONE = '';

export function OsDialog(props: { current: string | undefined; onChoose(id: string | null, name: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [list, setList] = useState<OsChoice[]>([]);
  const [chosen, setChosen] = useState(props.current ?? NONE);
  const formId = useId();
  useEffect(() => {
    let live = true;
    api()
      .osinfo.search({ text: query })
      .then((l) => live && setList(l))
      .catch(() => live && setList([]));
    return () => {
      live = false;
    };
  }, [query]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen === (props.current ?? NONE)) return props.onClose();
    props.onChoose(chosen === NONE ? null : chosen, list.find((o) => o.id === chosen)?.name ?? chosen);
  };
  const shown = props.current && !list.some((o) => o.id === props.current) && chosen === props.current ? [{ id: props.current, name: props.current }] : [];
  return (
    <Dialog
      title={t('details2.ov.osTitle')}
      onClose={props.onClose}
      className="form-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            {t('details2.cancel')}
          </button>
          <button type="submit" form={formId} className="primary">
            {t('details2.ov.osChoose')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${formId}-q`}>{t('details2.ov.osSearch')}</label>
          <input id={`${formId}-q`} type="search" value={query} autoFocus autoComplete="off" onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${formId}-os`}>{t('details2.ov.os')}</label>
          <select id={`${formId}-os`} size={8} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value={NONE}>{t('details2.ov.osNone')}</option>
            {[...shown, ...list].map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </form>
    </Dialog>
  );
}
