// A VM's details: its name and state, its tabs (see registry.ts; the selected one is in the URL)
// and Back (or Escape) to where it was opened from.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { Tabs } from '../../components/Tabs.js';
import { connectionLabelOf } from '../../store/connections.js';
import { domainByRef } from '../../store/domains.js';
import { openDetails, useStore } from '../../store/store.js';
import { PendingRestartBadge } from './hardware/PendingRestartBadge.js';
import { vmTab, vmTabs } from './registry.js';
import './tabs.js';

/** Back to where the details were opened from; the list's grid takes the focus again (Back had it). */
function closeDetails(): void {
  openDetails(null);
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.domains [role="grid"]')?.focus());
}

export function VmDetails(props: { target: DomainRef; tab: string }) {
  const { t } = useTranslation();
  const { target } = props;
  const vm = useStore(domainByRef(target));
  const host = useStore(connectionLabelOf(target.connection));
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  const tab = vmTab(props.tab) ?? vmTab('overview')!;
  // An unknown tab in the URL (an old link) shows the Overview, and the URL says so.
  useEffect(() => {
    if (tab.id !== props.tab) openDetails(target, tab.id);
  }, [tab.id, props.tab, target]);
  const onKey = (e: React.KeyboardEvent) => {
    // Escape in a dialog (a preview, Discard changes?) closes that dialog, not the details.
    const inDialog = e.target instanceof Element && e.target.closest('dialog') !== null;
    if (e.key === 'Escape' && !inDialog && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      closeDetails();
    }
  };
  const name = vm?.name ?? target.uuid;
  const Panel = tab.Panel;
  return (
    <section className="details" aria-labelledby="details-heading" onKeyDown={onKey} data-testid="vm-details">
      <div className="details-head">
        <button type="button" ref={back} onClick={closeDetails} aria-keyshortcuts="Escape">
          {t('details.back')}
        </button>
        <h2 id="details-heading">{name}</h2>
        {vm && (
          <span className="details-state">
            <span className={`state-icon ${vm.state}`} aria-hidden="true" />
            {t(`domains.state_${vm.state}`)}
          </span>
        )}
        <PendingRestartBadge target={target} vm={vm} />
      </div>
      <Tabs
        label={t('details.tabs', { name })}
        idPrefix="details"
        tabs={vmTabs().map((x) => ({ id: x.id, label: t(x.label) }))}
        selected={tab.id}
        onSelect={(id) => openDetails(target, id)}
      >
        {!vm ? <p className="empty">{t('details.gone')}</p> : <Panel key={tab.id} target={target} vm={vm} host={host} />}
      </Tabs>
    </section>
  );
}
