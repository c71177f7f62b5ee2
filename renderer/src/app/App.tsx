import { useTranslation } from 'react-i18next';
import { Notices } from '../components/Notices.js';
import { ConnectionTree } from '../features/connections/ConnectionTree.js';
import { SshPromptHost } from '../features/connections/SshPromptDialog.js';
import { DomainTable } from '../features/domains/DomainTable.js';
import { Toolbar } from '../features/domains/Toolbar.js';
import { JobsButton, JobsPanel } from '../features/jobs/JobsPanel.js';
import { HostView } from '../features/host/HostView.js';
import { HostPerformance } from '../features/stats/HostPerformance.js';
import { PreferencesButton } from '../features/stats/PreferencesDialog.js';
import { TopView } from '../features/stats/TopView.js';
import { VmDetails } from '../features/vm-details/VmDetails.js';
import { Tabs, tabPanelProps } from '../components/Tabs.js';
import { ConsoleView } from '../features/consoles/ConsoleView.js';
import { detachedTarget } from '../features/consoles/detach.js';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { showView, useStore, type MainView } from '../store/store.js';
import type { UiLabelKey } from '../i18n/resources.js';
import { LinkBanner } from './LinkBanner.js';
import { SignOutButton } from './SignOutButton.js';

const VIEWS: { id: MainView; label: UiLabelKey }[] = [
  { id: 'list', label: 'views.list' },
  { id: 'overview', label: 'host.view_overview' },
  { id: 'performance', label: 'views.hostPerformance' },
  { id: 'networks', label: 'host.view_networks' },
  { id: 'storage', label: 'host.view_storage' },
  { id: 'top', label: 'views.top' },
];

export function App() {
  const detached = detachedTarget();
  return detached ? <DetachedConsole target={detached} /> : <MainWindow />;
}

/** A window (or tab) that holds one VM's console and nothing else. */
function DetachedConsole({ target }: { target: DomainRef }) {
  return (
    <div className="app detached">
      <LinkBanner />
      <ConsoleView target={target} />
      <SshPromptHost />
      <Notices />
    </div>
  );
}

function MainWindow() {
  const { t } = useTranslation();
  const view = useStore((s) => s.view);
  const details = useStore((s) => s.details);
  const detailsTab = useStore((s) => s.detailsTab);
  const consoleOf = useStore((s) => s.console);
  return (
    <div className="app">
      <header>
        <h1>{t('app.title')}</h1>
        <Toolbar />
        <JobsButton />
        <JobsPanel />
        <SignOutButton />
      </header>
      <LinkBanner />
      <main>
        <ConnectionTree />
        <div className="pane">
          <div className="viewbar">
            {/* A VM's details page stands in for the views: its own tabs, and Back. */}
            {details || consoleOf ? (
              <span />
            ) : (
              <Tabs label={t('views.label')} idPrefix="view" tabs={VIEWS.map((v) => ({ id: v.id, label: t(v.label) }))} selected={view} onSelect={showView} />
            )}
            <PreferencesButton />
          </div>
          {consoleOf ? (
            <ConsoleView key={`${consoleOf.connection}/${consoleOf.uuid}`} target={consoleOf} />
          ) : details ? (
            <VmDetails key={`${details.connection}/${details.uuid}`} target={details} tab={detailsTab} />
          ) : (
            <div {...tabPanelProps('view', view)} className="tabpanel">
              {view === 'list' ? <DomainTable /> : view === 'performance' ? <HostPerformance /> : view === 'top' ? <TopView /> : <HostView page={view} />}
            </div>
          )}
        </div>
      </main>
      <SshPromptHost />
      <Notices />
    </div>
  );
}
