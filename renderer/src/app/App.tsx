import { useTranslation } from 'react-i18next';
import { Notices } from '../components/Notices.js';
import { ConnectionTree } from '../features/connections/ConnectionTree.js';
import { SshPromptHost } from '../features/connections/SshPromptDialog.js';
import { DomainTable } from '../features/domains/DomainTable.js';
import { Toolbar } from '../features/domains/Toolbar.js';
import { useStore } from '../store/store.js';

export function App() {
  const { t } = useTranslation();
  const lost = useStore((s) => s.backendLost);
  return (
    <div className="app">
      <header>
        <h1>{t('app.title')}</h1>
        <Toolbar />
      </header>
      {lost && (
        <div className="banner" role="alert">
          {t('app.backendLost')}
        </div>
      )}
      <main>
        <ConnectionTree />
        <DomainTable />
      </main>
      <SshPromptHost />
      <Notices />
    </div>
  );
}
