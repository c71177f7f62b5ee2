// Choose Volume…: a volume from one of the host's active storage pools, for a disk's source
// (the way to reach images on a remote host, whose files cannot be browsed). The disk refers to
// it by its path (an ordinary file or device) or by pool and volume name (`<disk type='volume'>`).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../../electron/common/api/connections.js';
import type { PoolSummary } from '../../../../../electron/common/api/storage-pools.js';
import type { VolumeSummary } from '../../../../../electron/common/api/storage-volumes.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { formatKiB } from '../../../i18n/index.js';
import { api } from '../../../store/store.js';
import { Row } from './fields.js';

export interface PickedVolume {
  pool: string;
  volume: string;
  path: string;
  format?: string;
  /** Refer to it by pool and volume name (else by its path). */
  byName: boolean;
}

/** The image formats a disk's driver takes from a volume (an ISO is read as raw). */
export function driverFormat(format: string | undefined): string | undefined {
  if (format === 'iso') return 'raw';
  return format && ['raw', 'qcow2', 'qed', 'vmdk', 'vdi', 'vpc', 'vhdx', 'bochs', 'cloop', 'dmg'].includes(format) ? format : undefined;
}

export function VolumeDialog(props: { connection: ConnectionId; initialPool?: string; onPick(v: PickedVolume): void; onClose(): void }) {
  const { t } = useTranslation();
  const { connection } = props;
  const formId = useId();
  const [pools, setPools] = useState<PoolSummary[] | null>(null);
  const [pool, setPool] = useState('');
  const [volumes, setVolumes] = useState<VolumeSummary[] | null>(null);
  const [path, setPath] = useState('');
  const [byName, setByName] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api()
      .storagePools.list({ connection })
      .then((all) => {
        if (!live) return;
        const active = all.filter((p) => p.active);
        setPools(active);
        setPool((p) => p || (active.find((x) => x.name === props.initialPool) ?? active[0])?.name || '');
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [connection, props.initialPool]);

  useEffect(() => {
    if (!pool) return;
    let live = true;
    setVolumes(null);
    setPath('');
    api()
      .storageVolumes.list({ connection, pool })
      .then((v) => live && setVolumes(v))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [connection, pool]);

  const chosen = volumes?.find((v) => v.path === path);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    props.onPick({ pool, volume: chosen.name, path: chosen.path, ...(chosen.format ? { format: chosen.format } : {}), byName });
  };
  return (
    <Dialog
      title={t('hardware2.volume.title')}
      onClose={props.onClose}
      className="form-dialog hw-add-dialog hw-volume-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            {t('hardware.cancel')}
          </button>
          <button type="submit" form={formId} className="primary" disabled={!chosen}>
            {t('hardware2.volume.pick')}
          </button>
        </>
      }
    >
      {error !== null && <ErrorNotice error={error} />}
      {pools === null && error === null && <p className="muted">{t('hardware2.volume.loading')}</p>}
      {pools?.length === 0 && <p className="muted">{t('hardware2.volume.noPools')}</p>}
      {pools && pools.length > 0 && (
        <form id={formId} onSubmit={submit} noValidate className="hw-fields">
          <Row label={t('hardware2.volume.pool')}>
            <select value={pool} onChange={(e) => setPool(e.target.value)}>
              {pools.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </Row>
          <Row
            label={t('hardware2.volume.volume')}
            {...(volumes?.length === 0 ? { hint: t('hardware2.volume.noVolumes') } : volumes === null ? { hint: t('hardware2.volume.loading') } : {})}
          >
            <select size={8} value={path} onChange={(e) => setPath(e.target.value)} onDoubleClick={(e) => e.currentTarget.form?.requestSubmit()}>
              {(volumes ?? []).map((v) => (
                <option key={v.path} value={v.path} title={v.path}>
                  {t('hardware2.volume.option', { name: v.name, format: v.format ?? '?', size: formatKiB(v.capacity / 1024) })}
                </option>
              ))}
            </select>
          </Row>
          <fieldset className="hw-kinds" aria-describedby={`${formId}-use`}>
            <legend>{t('hardware2.volume.use')}</legend>
            <label className="hw-check">
              <input type="radio" name="use" checked={!byName} onChange={() => setByName(false)} />
              {t('hardware2.volume.use_path')}
            </label>
            <label className="hw-check">
              <input type="radio" name="use" checked={byName} onChange={() => setByName(true)} />
              {t('hardware2.volume.use_volume')}
            </label>
          </fieldset>
          <p className="muted hw-hint" id={`${formId}-use`}>
            {t('hardware2.volume.useHint')}
          </p>
          {chosen && <p className="hw-path">{chosen.path}</p>}
        </form>
      )}
    </Dialog>
  );
}
