import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices } from '../components/Notices.js';
import { ConnectionTree } from '../features/connections/ConnectionTree.js';
import { SshPromptHost } from '../features/connections/SshPromptDialog.js';
import { DomainTable } from '../features/domains/DomainTable.js';
import { Toolbar } from '../features/domains/Toolbar.js';
import { JobsButton, JobsPanel } from '../features/jobs/JobsPanel.js';
import { HostPerformance } from '../features/stats/HostPerformance.js';
import { PreferencesButton } from '../features/stats/PreferencesDialog.js';
import { TopView } from '../features/stats/TopView.js';
import { VmDetails } from '../features/stats/VmDetails.js';
import { ConsoleView } from '../features/consoles/ConsoleView.js';
import { detachedTarget } from '../features/consoles/detach.js';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { showView, useStore, type MainView } from '../store/store.js';

const VIEWS: { id: MainView; label: string }[] = [
  { id: 'list', label: 'views.list' },
  { id: 'host', label: 'views.hostPerformance' },
  { id: 'top', label: 'views.top' },
];

export function App() {
  const detached = detachedTarget();
  return detached ? <DetachedConsole target={detached} /> : <MainWindow />;
}

/** A window (or tab) that holds one VM's console and nothing else. */
function DetachedConsole({ target }: { target: DomainRef }) {
  const { t } = useTranslation();
  const lost = useStore((s) => s.backendLost);
  return (
    <div className="app detached">
      {lost && (
        <div className="banner" role="alert">
          {t('app.backendLost')}
        </div>
      )}
      <ConsoleView target={target} />
      <SshPromptHost />
      <Notices />
    </div>
  );
}

function MainWindow() {
  const { t } = useTranslation();
  const lost = useStore((s) => s.backendLost);
  const view = useStore((s) => s.view);
  const details = useStore((s) => s.details);
  const consoleOf = useStore((s) => s.console);
  const tabs = useRef<HTMLDivElement>(null);
  // Tabs follow the ARIA pattern: one tab stop, arrows move between tabs and select them.
  const onTabKey = (e: KeyboardEvent) => {
    const i = VIEWS.findIndex((v) => v.id === view);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % VIEWS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + VIEWS.length) % VIEWS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = VIEWS.length - 1;
    else return;
    e.preventDefault();
    showView(VIEWS[next]!.id);
    tabs.current?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div className="app">
      <header>
        <h1>{t('app.title')}</h1>
        <Toolbar />
        <JobsButton />
        <JobsPanel />
      </header>
      {lost && (
        <div className="banner" role="alert">
          {t('app.backendLost')}
        </div>
      )}
      <main>
        <ConnectionTree />
        <div className="pane">
          <div className="viewbar">
            {/* A VM's details page stands in for the views: its own tabs, and Back. */}
            {details || consoleOf ? (
              <span />
            ) : (
              <div role="tablist" aria-label={t('views.label')} className="tabs" ref={tabs} onKeyDown={onTabKey}>
                {VIEWS.map((v) => (
                  <button
                    key={v.id}
                    type="button"
                    role="tab"
                    id={`view-tab-${v.id}`}
                    aria-selected={view === v.id}
                    aria-controls="view-panel"
                    tabIndex={view === v.id ? 0 : -1}
                    onClick={() => showView(v.id)}
                  >
                    {t(v.label)}
                  </button>
                ))}
              </div>
            )}
            <PreferencesButton />
          </div>
          {consoleOf ? (
            <ConsoleView key={`${consoleOf.connection}/${consoleOf.uuid}`} target={consoleOf} />
          ) : details ? (
            <VmDetails key={`${details.connection}/${details.uuid}`} target={details} />
          ) : (
            <div role="tabpanel" id="view-panel" aria-labelledby={`view-tab-${view}`} className="tabpanel">
              {view === 'list' ? <DomainTable /> : view === 'host' ? <HostPerformance /> : <TopView />}
            </div>
          )}
        </div>
      </main>
      <SshPromptHost />
      <Notices />
    </div>
  );
}
