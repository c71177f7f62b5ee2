// What an editor's Apply does before it does it: the backend works the changes out
// (previewEdit) and the dialog shows where each part takes effect (now, at the next boot) and the
// diff of the definition; Apply then applies them. A change made elsewhere meanwhile is a
// conflict (Reload); a running VM that refuses a part can take it at the next boot instead.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeOutcome, DomainChange, EditPreview } from '../../../../../electron/common/api/domain-edits.js';
import type { DomainRef } from '../../../../../electron/common/api/domains.js';
import { isMessageRef } from '../../../../../electron/common/messages/messages.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { asApiError, wordMessage } from '../../../i18n/messages.js';
import { api } from '../../../store/store.js';
import { DiffView } from './DiffView.js';
import type { EditEnd, EditRequest } from './editor-context.js';

/** The words for one part of a change, by what the change is. */
export function partWords(change: DomainChange | undefined, part: string): { key: string; params?: Record<string, string> } {
  switch (change?.kind) {
    case 'memory':
      return { key: part === 'max' ? 'hardware.part.maxMemory' : 'hardware.part.currentMemory' };
    case 'vcpus':
      return { key: part === 'max' ? 'hardware.part.maxVcpus' : 'hardware.part.currentVcpus' };
    case 'addDevice':
      // A new device can bring a change of the VM with it (virtiofs: shared memory), named by its property.
      return part === 'device' ? { key: 'hardware.part.added', params: { kind: change.device } } : { key: `hardware.prop.${part}` };
    case 'removeDevice':
      return { key: 'hardware.part.removed' };
    case 'bootOrder':
      return { key: 'hardware.part.bootOrder' };
    case 'osinfo':
      return { key: 'hardware.part.os' };
    default:
      return { key: `hardware.prop.${part}` };
  }
}

function OutcomeRow(props: { outcome: ChangeOutcome; change: DomainChange | undefined }) {
  const { t } = useTranslation();
  const { outcome } = props;
  const words = partWords(props.change, outcome.part);
  const reason = outcome.reason && isMessageRef(outcome.reason) ? wordMessage(outcome.reason) : undefined;
  return (
    <tr>
      <td>{t(words.key, { defaultValue: outcome.part, ...words.params })}</td>
      <td>
        <span className={`hw-badge ${outcome.effect}`}>{t(`hardware.effect.${outcome.effect}`)}</span>
        {reason && <p className="muted hw-reason">{reason}</p>}
      </td>
    </tr>
  );
}

export function EditDialog(props: { target: DomainRef; request: EditRequest; onEnd(end: EditEnd): void; onReload(): Promise<void> }) {
  const { t } = useTranslation();
  const { target, request, onEnd } = props;
  const [preview, setPreview] = useState<EditPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(true);
  const effectsId = useId();
  const diffId = useId();

  useEffect(() => {
    let live = true;
    void api()
      .domains.previewEdit({ ref: target, etag: request.etag, changes: request.changes })
      .then((p) => live && setPreview(p))
      .catch((err: unknown) => live && setError(err))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [target, request]);

  const apply = async (definitionOnly: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api().domains.applyEdit({ ref: target, etag: request.etag, changes: request.changes, ...(definitionOnly ? { definitionOnly } : {}) });
      onEnd({ end: 'applied', result });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const reload = async () => {
    setBusy(true);
    await props.onReload();
    onEnd({ end: 'reloaded' });
  };

  const code = error === null ? null : asApiError(error).code;
  const actions = (
    <>
      <button type="button" onClick={() => onEnd({ end: 'cancelled' })}>
        {t('hardware.cancel')}
      </button>
      {code === 'conflict' ? (
        <button type="button" disabled={busy} onClick={() => void reload()}>
          {t('hardware.reload')}
        </button>
      ) : code === 'operation-failed' ? (
        <button type="button" disabled={busy} onClick={() => void apply(true)}>
          {t('hardware.applyAtBoot')}
        </button>
      ) : (
        <button type="button" className="primary" disabled={busy || !preview} onClick={() => void apply(false)}>
          {busy && preview ? t('form.applying') : t('form.apply')}
        </button>
      )}
    </>
  );
  return (
    <Dialog title={request.title} onClose={() => onEnd({ end: 'cancelled' })} className="form-dialog hw-edit-dialog" actions={actions}>
      <div data-testid="edit-dialog" className="hw-edit-body">
        {busy && !preview && error === null && <p className="muted">{t('hardware.previewing')}</p>}
        {error !== null && <ErrorNotice error={error} title={t(preview ? 'form.applyFailed' : 'hardware.previewFailed')} />}
        {preview && (
          <>
            <h3 id={effectsId}>{t('hardware.effects')}</h3>
            {preview.outcomes.length ? (
              <table className="hw-outcomes" aria-labelledby={effectsId}>
                <thead>
                  <tr>
                    <th scope="col">{t('hardware.part.heading')}</th>
                    <th scope="col">{t('hardware.effect.heading')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.outcomes.map((o, i) => (
                    <OutcomeRow key={i} outcome={o} change={request.changes[o.change]} />
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('hardware.noEffects')}</p>
            )}
            <h3 id={diffId}>{t('hardware.diff')}</h3>
            {preview.diff ? <DiffView diff={preview.diff} labelledBy={diffId} /> : <p className="muted">{t('hardware.noDiff')}</p>}
          </>
        )}
      </div>
    </Dialog>
  );
}
