// The selected host's own pages (Overview, Networks, Storage), under a heading that names the
// host; a host that is not connected says why instead, as the VM list does.
import { useTranslation } from 'react-i18next';
import { describeErrorData } from '../../i18n/messages.js';
import { connectionLabelOf } from '../../store/connections.js';
import { useStore } from '../../store/store.js';
import { HostOverview } from './HostOverview.js';
import { NetworksPage } from './NetworksPage.js';
import { StoragePage } from './StoragePage.js';
import './host.css';

export type HostPageId = 'overview' | 'networks' | 'storage';

export function HostView({ page }: { page: HostPageId }) {
  const { t } = useTranslation();
  const connection = useStore((s) => s.connections.find((c) => c.id === s.selectedConnection));
  const label = useStore(connectionLabelOf(connection?.id));
  if (!connection) return <p className="empty">{t('domains.selectHost')}</p>;
  const headingId = `host-${page}-heading`;
  return (
    <section className="host-page" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`host.heading_${page}`, { host: label })}</h2>
      {connection.state !== 'connected' ? (
        <p className="empty">{connection.error ? describeErrorData(connection.error).text : t('domains.notConnected')}</p>
      ) : page === 'overview' ? (
        <HostOverview key={connection.id} connection={connection} />
      ) : page === 'networks' ? (
        <NetworksPage key={connection.id} connection={connection} />
      ) : (
        <StoragePage key={connection.id} connection={connection} />
      )}
    </section>
  );
}
