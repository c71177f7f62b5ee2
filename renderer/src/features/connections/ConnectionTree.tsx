import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import { ApiError } from '../../../../electron/common/api/errors.js';
import { formatTime } from '../../i18n/index.js';
import { describeError } from '../../i18n/messages.js';
import { api, notify, selectConnection, useStore } from '../../store/store.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { HostLinks } from '../host/HostLinks.js';
import { AddConnectionDialog } from './AddConnectionDialog.js';
import { connectionLabel } from './connection-label.js';

export function ConnectionTree() {
  const { t } = useTranslation();
  const connections = useStore((s) => s.connections);
  const selected = useStore((s) => s.selectedConnection);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ConnectionInfo | null>(null);
  const [removing, setRemoving] = useState<ConnectionInfo | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<HTMLUListElement>(null);
  // The connection moved with the keyboard keeps the focus once the new order arrives.
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    const index = connections.findIndex((c) => c.id === refocus.current);
    if (index < 0) return;
    refocus.current = null;
    focusItem(index);
  }, [connections]);

  const act = (p: Promise<unknown>) =>
    p.catch((err: unknown) => {
      const w = describeError(err);
      notify({ title: w.text, text: '', ...(w.hint ? { hint: w.hint } : {}), code: w.code });
    });

  const focusItem = (index: number) => list.current?.querySelectorAll<HTMLElement>('li[role="option"]')[index]?.focus();

  // The user's order, saved by the backend; the tree follows its event (from any window).
  const move = (id: string, to: number) => {
    const from = connections.findIndex((c) => c.id === id);
    if (from < 0 || to < 0 || to >= connections.length || to === from) return;
    const ids = connections.map((c) => c.id);
    ids.splice(to, 0, ...ids.splice(from, 1));
    setAnnouncement(t('connections.moved', { name: connectionLabel(connections[from]!, connections), position: to + 1, count: ids.length }));
    refocus.current = id;
    void act(api().connections.reorder({ ids }));
  };

  const onKey = (e: KeyboardEvent<HTMLLIElement>, c: ConnectionInfo, index: number) => {
    if (e.target !== e.currentTarget) return; // keys typed on the item's buttons are theirs
    if (e.key === 'Enter') selectConnection(c.id);
    else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && e.altKey) move(c.id, index + (e.key === 'ArrowUp' ? -1 : 1));
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') focusItem(index + (e.key === 'ArrowUp' ? -1 : 1));
    else return;
    e.preventDefault();
  };

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
          title={t('connections.removeTitle', { name: connectionLabel(removing, connections) })}
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
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <ul role="listbox" aria-labelledby="connections-heading" ref={list}>
        {connections.map((c, index) => (
          <li
            key={c.id}
            role="option"
            aria-selected={c.id === selected}
            aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
            title={t('connections.reorderHint')}
            tabIndex={0}
            draggable
            className={`conn state-${c.state}${dragging === c.id ? ' dragging' : ''}`}
            onClick={() => selectConnection(c.id)}
            onKeyDown={(e) => onKey(e, c, index)}
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', c.spec.uri);
              setDragging(c.id);
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(e) => dragging && e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging) move(dragging, index);
              setDragging(null);
            }}
            data-testid={`connection-${c.spec.uri}`}
          >
            <div className="conn-title">
              <span className={`dot ${c.state}`} aria-hidden="true" />
              <span className="name">{connectionLabel(c, connections)}</span>
            </div>
            <div className="conn-meta">
              <span className="state">{t(`connections.state_${c.state}`)}</span>
              {c.spec.readonly && (
                <span data-testid="connection-read-only">
                  {' · '}
                  {t('hardware2.readOnlyTag')}
                </span>
              )}
              {c.hypervisor && (
                <span>
                  {' · '}
                  {c.hypervisor.type} {c.hypervisor.version}
                </span>
              )}
              {c.counts && (
                <span>
                  {' · '}
                  {t('connections.counts', { running: c.counts.running, count: c.counts.total })}
                </span>
              )}
            </div>
            <div className="conn-uri">{c.spec.uri}</div>
            {c.error && (
              <div className="conn-error">
                {describeError(ApiError.fromData(c.error)).text}
                {c.retryAt && <span> {t('connections.retryIn', { time: formatTime(c.retryAt) })}</span>}
              </div>
            )}
            {c.state === 'connected' && <HostLinks connection={c.id} />}
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
