// Renames a VM (domains.rename). The name is checked as a new VM's is before it is sent; what
// the backend refuses (a running VM, a name another VM has, libvirt's refusal) is shown in its
// words, with nothing changed.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainRef } from '../../../../../electron/common/api/domains.js';
import { vmNameProblem } from '../../../../../electron/common/api/vm-name.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { wordMessage } from '../../../i18n/messages.js';
import { api } from '../../../store/store.js';

export function RenameDialog(props: { target: DomainRef; name: string; onClose(renamed: boolean): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(props.name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const problemId = useId();
  const trimmed = name.trim();
  const problem = trimmed === props.name ? null : vmNameProblem(trimmed);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problem || trimmed === props.name || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api().domains.rename({ ref: props.target, name: trimmed });
      props.onClose(true);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('details2.ov.renameTitle', { name: props.name })}
      onClose={() => props.onClose(false)}
      className="form-dialog"
      actions={
        <>
          <button type="button" onClick={() => props.onClose(false)}>
            {t('details2.cancel')}
          </button>
          <button type="submit" form={formId} className="primary" disabled={busy || problem !== null || trimmed === props.name}>
            {t('details2.ov.renameDo')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${formId}-name`}>{t('details2.ov.newName')}</label>
          <input
            id={`${formId}-name`}
            value={name}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </div>
        {problem && (
          <p className="field-problem" id={problemId}>
            {wordMessage(problem)}
          </p>
        )}
        {error !== null && <ErrorNotice error={error} title={t('details2.ov.renameFailed')} />}
      </form>
    </Dialog>
  );
}
