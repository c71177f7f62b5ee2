import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import { formatTime } from '../../i18n/index.js';
import { api, notify, selectConnection, useStore } from '../../store/store.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { AddConnectionDialog } from './AddConnectionDialog.js';

function title(c: ConnectionInfo): string {
  return c.spec.label ?? c.hypervisor?.hostname ?? c.spec.uri;
}

export function ConnectionTree() {
  const { t } = useTranslation();
  const connections = useStore((s) => s.connections);
  const selected = useStore((s) => s.selectedConnection);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ConnectionInfo | null>(null);
  const [removing, setRemoving] = useState<ConnectionInfo | null>(null);

  const act = (p: Promise<unknown>) =>
    p.catch((e: Error & { hint?: string }) => notify({ title: e.message, message: '', ...(e.hint ? { hint: e.hint } : {}) }));

  return (
    <nav className="connections" aria-labelledby="connections-heading">
      <div className="connections-head">
        <h2 id="connections-heading">{t('connections.heading')}</h2>
        <button type="button" onClick={() => setAdding(true)}>
          {t('connections.add')}
        </button>
      </div>
      {adding && <AddConnectionDialog onClose={() => setAdding(false)} />}
      {editing && <AddConnectionDialog editing={editing} onClose={() => setEditing(null)} />}
      {removing && (
        <ConfirmDialog
          title={t('connections.removeTitle', { name: title(removing) })}
          body={t('connections.removeBody', { uri: removing.spec.uri })}
          confirmLabel={t('connections.remove')}
          cancelLabel={t('confirm.cancel')}
          onConfirm={() => {
            const id = removing.id;
            setRemoving(null);
            void act(api().connections.remove({ id }));
          }}
          onCancel={() => setRemoving(null)}
        />
      )}
      {connections.length === 0 && <p className="empty">{t('connections.empty')}</p>}
      <ul role="listbox" aria-labelledby="connections-heading">
        {connections.map((c) => (
          <li
            key={c.id}
            role="option"
            aria-selected={c.id === selected}
            tabIndex={0}
            className={`conn state-${c.state}`}
            onClick={() => selectConnection(c.id)}
            onKeyDown={(e) => e.key === 'Enter' && selectConnection(c.id)}
            data-testid={`connection-${c.spec.uri}`}
          >
            <div className="conn-title">
              <span className={`dot ${c.state}`} aria-hidden="true" />
              <span className="name">{title(c)}</span>
            </div>
            <div className="conn-meta">
              <span className="state">{t(`connections.state_${c.state}`)}</span>
              {c.hypervisor && (
                <span>
                  {' · '}
                  {c.hypervisor.type} {c.hypervisor.version}
                </span>
              )}
              {c.counts && <span>{' · '}{t('connections.counts', { running: c.counts.running, total: c.counts.total })}</span>}
            </div>
            <div className="conn-uri">{c.spec.uri}</div>
            {c.error && (
              <div className="conn-error">
                {c.error.message}
                {c.retryAt && <span> {t('connections.retryIn', { time: formatTime(c.retryAt) })}</span>}
              </div>
            )}
            <div className="conn-actions">
              {c.state === 'connected' ? (
                <button type="button" onClick={(e) => (e.stopPropagation(), void act(api().connections.close({ id: c.id })))}>
                  {t('connections.disconnect')}
                </button>
              ) : (
                <button type="button" disabled={c.state === 'connecting'} onClick={(e) => (e.stopPropagation(), void act(api().connections.open({ id: c.id })))}>
                  {c.state === 'disconnected' && !c.error ? t('connections.connect') : t('connections.reconnect')}
                </button>
              )}
              <button type="button" onClick={(e) => (e.stopPropagation(), setEditing(c))}>
                {t('connections.edit')}
              </button>
              <button type="button" className="danger" onClick={(e) => (e.stopPropagation(), setRemoving(c))}>
                {t('connections.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </nav>
  );
}
