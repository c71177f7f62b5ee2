// What Apply on the XML tab writes, before it writes it: the diff of the definition (from
// domains.previewXml), then domains.defineXml, which libvirt validates. A refusal is shown in
// libvirt's words with nothing written; a change made elsewhere meanwhile is a conflict, whose
// only way on is Reload (the user's text is not written over it).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainRef } from '../../../../../electron/common/api/domains.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { asApiError } from '../../../i18n/messages.js';
import { api } from '../../../store/store.js';
import { DiffView } from '../hardware/DiffView.js';

export interface XmlPreview {
  xml: string;
  etag: string;
  diff: string;
}

export function XmlApplyDialog(props: { target: DomainRef; preview: XmlPreview; running: boolean; onWritten(etag: string): void; onCancel(): void; onReload(): void }) {
  const { t } = useTranslation();
  const { preview } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const diffId = useId();

  const write = async () => {
    setBusy(true);
    setError(null);
    try {
      const { etag } = await api().domains.defineXml({ ref: props.target, xml: preview.xml, etag: preview.etag });
      props.onWritten(etag);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const conflict = error !== null && asApiError(error).code === 'conflict';
  const actions = (
    <>
      <button type="button" onClick={props.onCancel}>
        {t('details2.cancel')}
      </button>
      {conflict ? (
        <button type="button" onClick={props.onReload}>
          {t('details2.reload')}
        </button>
      ) : (
        <button type="button" className="primary" disabled={busy || error !== null} onClick={() => void write()}>
          {busy ? t('form.applying') : t('form.apply')}
        </button>
      )}
    </>
  );
  return (
    <Dialog title={t('details2.xml.applyTitle')} onClose={props.onCancel} className="form-dialog hw-edit-dialog" actions={actions}>
      <div className="hw-edit-body" data-testid="xml-apply-dialog">
        <p className="muted">{t(props.running ? 'details2.xml.applyRunning' : 'details2.xml.applyOff')}</p>
        {error !== null && <ErrorNotice error={error} title={t('details2.xml.notWritten')} />}
        <h3 id={diffId}>{t('details2.xml.diff')}</h3>
        {preview.diff ? <DiffView diff={preview.diff} labelledBy={diffId} /> : <p className="muted">{t('details2.xml.noDiff')}</p>}
      </div>
    </Dialog>
  );
}
