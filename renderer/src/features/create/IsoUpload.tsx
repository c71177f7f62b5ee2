// Uploads an ISO from the machine Virtdeck runs on into a pool of a remote host, with a
// progress bar and Cancel; the uploaded volume becomes the install media. It runs as a job, so
// it also shows (and goes on) in the Jobs panel.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import type { PoolSummary } from '../../../../electron/common/api/storage-pools.js';
import { Field } from '../../components/Field.js';
import { formatKiB } from '../../i18n/index.js';
import { api, onBackendEvent } from '../../store/store.js';
import { errorLine } from '../../i18n/messages.js';

export function IsoUpload(props: { connection: ConnectionId; pools: PoolSummary[]; onUploaded(path: string): void }) {
  const { t } = useTranslation();
  const [localPath, setLocalPath] = useState('');
  const [pool, setPool] = useState(props.pools[0]?.name ?? 'default');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const job = useRef<string | null>(null);

  // A wizard closed mid-upload leaves it running as a job: the Jobs panel shows it, with Cancel.
  const start = async () => {
    const id = crypto.randomUUID();
    job.current = id;
    setMessage(null);
    setProgress({ done: 0, total: 0 });
    const off = onBackendEvent('job.progressed', (e) => {
      if (e.id === id && e.progress) setProgress({ done: e.progress.done, total: e.progress.total ?? 0 });
    });
    try {
      const vol = await api().storageVolumes.upload({ job: id, connection: props.connection, pool, localPath: localPath.trim() });
      setMessage({ error: false, text: t('create.uploaded', { path: vol.path }) });
      props.onUploaded(vol.path);
    } catch (err) {
      setMessage({ error: true, text: errorLine(err) });
    } finally {
      off();
      job.current = null;
      setProgress(null);
    }
  };

  return (
    <div className="iso-upload" role="group" aria-label={t('create.uploadTitle')}>
      <p className="note">{t('create.uploadNote')}</p>
      <Field label={t('create.localIso')}>
        <input value={localPath} onChange={(e) => setLocalPath(e.target.value)} placeholder="/home/you/Downloads/debian.iso" autoComplete="off" disabled={progress !== null} />
      </Field>
      <Field label={t('create.uploadPool')}>
        <select value={pool} onChange={(e) => setPool(e.target.value)} disabled={progress !== null}>
          {(props.pools.length ? props.pools : [{ name: 'default' }]).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="upload-row">
        {progress ? (
          <>
            <progress aria-label={t('create.uploadProgress')} max={progress.total || 1} value={progress.done} />
            <span role="status">{t('create.uploadedOf', { done: formatKiB(progress.done / 1024), total: formatKiB(progress.total / 1024) })}</span>
            <button type="button" onClick={() => job.current && void api().jobs.cancel({ id: job.current })}>
              {t('create.cancelUpload')}
            </button>
          </>
        ) : (
          <button type="button" disabled={!localPath.trim()} onClick={() => void start()}>
            {t('create.upload')}
          </button>
        )}
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'field-error' : 'note'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
