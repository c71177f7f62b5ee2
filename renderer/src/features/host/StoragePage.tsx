// A host's storage: its pools with how full each is (kept current by storagePool.changed/removed
// events), and the selected pool's volumes. Listing only: creating and changing pools and
// volumes come with the storage backend that offers them.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import type { PoolSummary } from '../../../../electron/common/api/storage-pools.js';
import type { VolumeSummary } from '../../../../electron/common/api/storage-volumes.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { formatKiB } from '../../i18n/index.js';
import { api } from '../../store/store.js';
import { ObjectList } from './ObjectList.js';
import { ReadError } from './ReadError.js';
import { Swatch, UsageBar } from './UsageBar.js';
import { useHostEvent, useLoaded, useReadEpoch } from './use-host.js';

const VOLUMES_REREAD_MS = 3000;

const bytes = (b: number) => formatKiB(b / 1024);

/** Whether libvirt gave the pool's figures (an inactive pool reports none). */
const hasFigures = (p: PoolSummary) => p.active && p.capacity > 0;

export function StoragePage({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const id = connection.id;
  const epoch = useReadEpoch(id);
  const listed = useLoaded(() => api().storagePools.list({ connection: id }), epoch);
  const [rows, setRows] = useState<PoolSummary[]>([]);
  useEffect(() => setRows(listed.value ?? []), [listed.value]);
  const [selected, setSelected] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const lastVolumesRead = useRef(Date.now());
  const current = rows.some((p) => p.uuid === selected) ? selected : (rows[0]?.uuid ?? null);
  const pool = rows.find((p) => p.uuid === current);

  useHostEvent('storagePool.changed', id, ({ pool: row }) => {
    const before = rows.find((r) => r.uuid === row.uuid);
    if (before && JSON.stringify(before) === JSON.stringify(row)) return;
    setRows((rs) => {
      const i = rs.findIndex((r) => r.uuid === row.uuid);
      return i < 0 ? [...rs, row] : rs.map((r, j) => (j === i ? row : r));
    });
    // Listing volumes refreshes the pool, which libvirt reports as a change (new sizes while
    // anything writes into it): volumes are read again at most every few seconds, or each read
    // would cause the next.
    if (row.uuid === current && Date.now() - lastVolumesRead.current > VOLUMES_REREAD_MS) {
      lastVolumesRead.current = Date.now();
      setChanges((n) => n + 1);
    }
  });
  useHostEvent('storagePool.removed', id, ({ uuid }) => setRows((rs) => rs.filter((r) => r.uuid !== uuid)));

  return (
    <div className="master-detail">
      <div className="master">
        <div className="master-head">
          <h3 id="host-pools-list">{t('host.storage.pools')}</h3>
        </div>
        {listed.error !== null && <ReadError error={listed.error} title={t('host.storage.listFailed')} onRetry={listed.reload} />}
        {listed.value && rows.length === 0 && <p className="empty">{t('host.storage.none')}</p>}
        <ObjectList
          labelledBy="host-pools-list"
          rows={rows}
          keyOf={(p) => p.uuid}
          selected={current}
          onSelect={(k) => {
            lastVolumesRead.current = Date.now();
            setSelected(k);
          }}
          testIdOf={(p) => `pool-${p.name}`}
        >
          {(p) => (
            <>
              <span className="object-name">{p.name}</span>
              <span className={`state-badge ${p.active ? 'on' : 'off'}`}>{p.active ? t('host.active') : t('host.inactive')}</span>
              {hasFigures(p) && (
                <span className="object-usage">
                  <UsageBar total={p.capacity} segments={[{ kind: 'used', value: p.capacity - p.available }]} />
                  <span className="muted">{t('host.storage.freeOf', { free: bytes(p.available), capacity: bytes(p.capacity) })}</span>
                </span>
              )}
            </>
          )}
        </ObjectList>
      </div>
      <div className="detail">{pool && <PoolDetails key={pool.uuid} connection={id} pool={pool} epoch={epoch} changes={changes} />}</div>
    </div>
  );
}

function PoolDetails(props: { connection: string; pool: PoolSummary; epoch: string | null; changes: number }) {
  const { t } = useTranslation();
  const { pool } = props;
  const used = pool.capacity - pool.available;
  return (
    <section aria-labelledby="pool-details-heading" data-testid="pool-details">
      <div className="detail-head">
        <h3 id="pool-details-heading">{pool.name}</h3>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('host.storage.state')}</dt>
          <dd>{pool.active ? t('host.active') : t('host.inactive')}</dd>
        </div>
        {pool.path && (
          <div>
            <dt>{t('host.storage.path')}</dt>
            <dd className="mono">{pool.path}</dd>
          </div>
        )}
      </dl>
      {hasFigures(pool) ? (
        <>
          <p className="usage-total">{t('host.storage.capacity', { capacity: bytes(pool.capacity) })}</p>
          <UsageBar total={pool.capacity} segments={[{ kind: 'used', value: used }]} testId="pool-usage-bar" />
          <dl className="usage-legend">
            <div>
              <dt>
                <Swatch kind="used" />
                {t('host.storage.allocation')}
              </dt>
              <dd>{bytes(used)}</dd>
            </div>
            <div>
              <dt>
                <Swatch kind="free" />
                {t('host.storage.available')}
              </dt>
              <dd>{bytes(pool.available)}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="muted">{pool.active ? t('host.storage.noFigures') : t('host.storage.noFiguresInactive')}</p>
      )}
      {pool.active ? (
        <Volumes connection={props.connection} pool={pool.name} epoch={props.epoch} changes={props.changes} />
      ) : (
        <p className="muted">{t('host.storage.inactiveVolumes')}</p>
      )}
    </section>
  );
}

function Volumes(props: { connection: string; pool: string; epoch: string | null; changes: number }) {
  const { t } = useTranslation();
  const volumes = useLoaded(() => api().storageVolumes.list({ connection: props.connection, pool: props.pool }), props.epoch, `${props.pool}/${props.changes}`);
  const columns = useMemo<Column<VolumeSummary, 'name' | 'format' | 'capacity' | 'path'>[]>(
    () => [
      { id: 'name', header: t('host.storage.volName'), cell: (v) => v.name, sortValue: (v) => v.name },
      { id: 'format', header: t('host.storage.volFormat'), cell: (v) => v.format ?? t('domains.unknown'), sortValue: (v) => v.format },
      { id: 'capacity', header: t('host.storage.volCapacity'), cell: (v) => bytes(v.capacity), sortValue: (v) => v.capacity, numeric: true },
      { id: 'path', header: t('host.storage.volPath'), cell: (v) => <span className="mono">{v.path}</span>, sortValue: (v) => v.path },
    ],
    [t],
  );
  if (volumes.error !== null) return <ReadError error={volumes.error} title={t('host.storage.volumesFailed')} onRetry={volumes.reload} />;
  if (!volumes.value) return <p className="muted">{t('host.loading')}</p>;
  return (
    <DataTable
      caption={t('host.storage.volumes', { count: volumes.value.length })}
      columns={columns}
      rows={volumes.value}
      rowKey={(v) => v.path}
      initialSort={{ column: 'name', descending: false }}
      empty={t('host.storage.noVolumes')}
      testId="pool-volumes"
    />
  );
}
