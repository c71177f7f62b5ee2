// A host's virtual networks: the list (kept current by network.changed/removed events, from any
// window or from virsh), the selected one's details beside it, and Create Network.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import type { NetworkSummary } from '../../../../electron/common/api/networks.js';
import { api } from '../../store/store.js';
import { CreateNetworkDialog } from './CreateNetworkDialog.js';
import { NetworkDetailsPanel } from './NetworkDetailsPanel.js';
import { ObjectList } from './ObjectList.js';
import { ReadError } from './ReadError.js';
import { useHostEvent, useLoaded, useReadEpoch } from './use-host.js';

type VirtualNetwork = NetworkSummary & { uuid: string };

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { numeric: true });

export function NetworksPage({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const id = connection.id;
  const epoch = useReadEpoch(id);
  const listed = useLoaded(() => api().networks.list({ connection: id }), epoch);
  // The rows as listed, then as events changed them.
  const [rows, setRows] = useState<NetworkSummary[]>([]);
  useEffect(() => setRows(listed.value ?? []), [listed.value]);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState('');
  const master = useRef<HTMLDivElement>(null);
  // Bumped when the selected network changed elsewhere: its details are read again.
  const [changes, setChanges] = useState(0);
  const readonly = connection.spec.readonly === true;

  const networks = useMemo(() => rows.filter((r): r is VirtualNetwork => r.kind === 'network' && r.uuid !== undefined).sort(byName), [rows]);
  // The selection stays on its network while it exists, else the first one shows (a network just
  // created is selected before its row arrives).
  const current = networks.some((n) => n.uuid === selected) ? selected : (networks[0]?.uuid ?? null);

  useHostEvent('network.changed', id, ({ network }) => {
    setRows((rs) => {
      const i = rs.findIndex((r) => r.kind === 'network' && r.uuid === network.uuid);
      return i < 0 ? [...rs, network] : rs.map((r, j) => (j === i ? network : r));
    });
    if (network.uuid === current) setChanges((n) => n + 1);
  });
  useHostEvent('network.removed', id, ({ uuid }) => setRows((rs) => rs.filter((r) => !(r.kind === 'network' && r.uuid === uuid))));

  return (
    <div className="master-detail">
      <div className="master" ref={master}>
        <div className="master-head">
          <h3 id="host-networks-list">{t('host.networks.list')}</h3>
          {!readonly && (
            <button type="button" onClick={() => setCreating(true)}>
              {t('host.networks.create')}
            </button>
          )}
        </div>
        {readonly && <p className="muted">{t('host.readonly')}</p>}
        {listed.error !== null && <ReadError error={listed.error} title={t('host.networks.listFailed')} onRetry={listed.reload} />}
        {listed.value && networks.length === 0 && <p className="empty">{t('host.networks.none')}</p>}
        <ObjectList
          labelledBy="host-networks-list"
          rows={networks}
          keyOf={(n) => n.uuid}
          selected={current}
          onSelect={(k) => {
            setStatus('');
            setSelected(k);
          }}
          testIdOf={(n) => `network-${n.name}`}
        >
          {(n) => (
            <>
              <span className="object-name">{n.name}</span>
              <span className={`state-badge ${n.active ? 'on' : 'off'}`}>{n.active ? t('host.active') : t('host.inactive')}</span>
            </>
          )}
        </ObjectList>
      </div>
      <div className="detail">
        <p role="status" className="status-line">
          {status}
        </p>
        {current ? (
          <NetworkDetailsPanel
            key={current}
            connection={connection}
            uuid={current}
            changes={changes}
            epoch={epoch}
            onStatus={setStatus}
            onDeleted={(name) => {
              setStatus(t('host.networks.deleted', { name }));
              listed.reload();
              // The Delete button that had the focus is gone with the network: the list takes it.
              requestAnimationFrame(() => master.current?.querySelector<HTMLElement>('[role="option"][tabindex="0"], .master-head button')?.focus());
            }}
          />
        ) : (
          listed.value && !readonly && <p className="muted">{t('host.networks.noneHint')}</p>
        )}
      </div>
      {creating && (
        <CreateNetworkDialog
          connection={id}
          existing={rows}
          onClose={() => setCreating(false)}
          onCreated={(uuid, name) => {
            setCreating(false);
            setStatus(t('host.networks.created', { name }));
            setSelected(uuid);
            listed.reload();
          }}
        />
      )}
    </div>
  );
}
