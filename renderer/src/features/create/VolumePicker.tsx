// Picks an existing volume from one of the host's pools, for hosts whose files the user
// cannot browse (remote ones above all): its path fills the field it belongs to.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import type { PoolSummary } from '../../../../electron/common/api/storage-pools.js';
import type { VolumeSummary } from '../../../../electron/common/api/storage-volumes.js';
import { Field } from '../../components/Field.js';
import { formatKiB } from '../../i18n/index.js';
import { api } from '../../store/store.js';
import { describeError } from '../../i18n/messages.js';

export function VolumePicker(props: { connection: ConnectionId; pools: PoolSummary[]; value: string; onPick(path: string): void }) {
  const { t } = useTranslation();
  const [pool, setPool] = useState(props.pools[0]?.name ?? '');
  const [volumes, setVolumes] = useState<VolumeSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!pool) return;
    let live = true;
    api()
      .storageVolumes.list({ connection: props.connection, pool })
      .then((v) => {
        if (!live) return;
        setVolumes(v);
        setError(null);
      })
      .catch((err: unknown) => live && setError(describeError(err).text));
    return () => {
      live = false;
    };
  }, [pool, props.connection]);

  if (!props.pools.length) return null;
  return (
    <>
      <Field label={t('create.pickPool')}>
        <select value={pool} onChange={(e) => setPool(e.target.value)}>
          {props.pools.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('create.pickVolume')}>
        <select value={volumes.some((v) => v.path === props.value) ? props.value : ''} onChange={(e) => e.target.value && props.onPick(e.target.value)}>
          <option value="">{t('create.pickVolumeNone')}</option>
          {volumes.map((v) => (
            <option key={v.path} value={v.path}>
              {v.name} ({v.format ?? '?'}, {formatKiB(v.capacity / 1024)})
            </option>
          ))}
        </select>
      </Field>
      {error && <p className="field-error">{error}</p>}
    </>
  );
}
