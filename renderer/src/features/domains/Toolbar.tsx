import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { openConsole, openDetails, useStore } from '../../store/store.js';

import { prefetchTicket } from '../consoles/ticket-prefetch.js';
import { ACTIONS } from './actions.js';

/** States in which a VM has a display to connect to. */
const RUNNING = new Set(['running', 'paused', 'blocked']);
import { hostName, performAction, requestAction, selectedDomains } from './lifecycle.js';

export function Toolbar() {
  const { t } = useTranslation();
  const targets = useStore(useShallow(selectedDomains));
  const host = useStore(hostName);
  const confirming = useStore((s) => s.confirming);
  const names = targets.map((d) => d.name).join(', ');
  return (
    <div className="toolbar" role="toolbar" aria-label={t('app.title')}>
      <button type="button" disabled>
        {t('toolbar.newVm')}
      </button>
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
