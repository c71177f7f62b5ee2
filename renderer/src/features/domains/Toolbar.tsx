import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { openConsole, openDetails, useStore } from '../../store/store.js';

import { prefetchTicket } from '../consoles/ticket-prefetch.js';
import { ACTIONS } from './actions.js';
import { NewVmWizard } from '../create/NewVmWizard.js';

/** States in which a VM has a display to connect to. */
const RUNNING = new Set(['running', 'paused', 'blocked']);
import { hostName, performAction, requestAction, selectedDomains } from './lifecycle.js';

export function Toolbar() {
  const { t } = useTranslation();
  const targets = useStore(useShallow(selectedDomains));
  const host = useStore(hostName);
  const confirming = useStore((s) => s.confirming);
  const names = targets.map((d) => d.name).join(', ');
  const [creating, setCreating] = useState(false);
  const connection = useStore((s) => s.connections.find((c) => c.id === s.selectedConnection && c.state === 'connected') ?? null);
  const hostDomains = useStore((s) => (s.selectedConnection ? s.domains[s.selectedConnection] : undefined));
  const takenNames = useMemo(() => new Set(Object.values(hostDomains ?? {}).map((d) => d.name)), [hostDomains]);
  return (
    <div className="toolbar" role="toolbar" aria-label={t('app.title')}>
      <button type="button" disabled={!connection} onClick={() => setCreating(true)}>
        {t('toolbar.newVm')}
      </button>
      {creating && connection && <NewVmWizard connection={connection.id} hostLabel={host} takenNames={takenNames} onClose={() => setCreating(false)} />}
      <span className="sep" />
      {ACTIONS.map((a) => (
        <button
          key={a.id}
          type="button"
          disabled={!targets.some(a.allowed)}
          className={a.destructive ? 'danger' : undefined}
          aria-keyshortcuts={a.keys}
          onClick={() => requestAction(a.id)}
        >
          {t(`toolbar.${a.id}`)}
        </button>
      ))}
      <span className="sep" />
      <button
        type="button"
        disabled={targets.length !== 1}
        onClick={() => {
          if (!targets[0]) return;
          if (RUNNING.has(targets[0].state)) prefetchTicket(targets[0].ref);
          openConsole(targets[0].ref);
        }}
      >
        {t('toolbar.openConsole')}
      </button>
      <button type="button" disabled={targets.length !== 1} aria-keyshortcuts="Enter" onClick={() => targets[0] && openDetails(targets[0].ref)}>
        {t('details.open')}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t(`confirm.${confirming}_title`, { count: targets.length })}
          body={t(`confirm.${confirming}_body`, { names, host })}
          confirmLabel={t(`toolbar.${confirming}`)}
          cancelLabel={t('confirm.cancel')}
          onConfirm={() => void performAction(confirming)}
          onCancel={() => useStore.setState({ confirming: null })}
        />
      )}
    </div>
  );
}
