// A connection's own pages, as links under it in the connections tree: its Overview, Networks and
// Storage. Real links (their address is the page's), followed in place so the tree's own click
// (select this host) does not also run.
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { navigate, usePlace } from '../../router/history.js';
import { formatHash, type Route } from '../../router/routes.js';
import './host.css';

const PAGES = [
  { route: 'hostOverview', label: 'host.view_overview' },
  { route: 'hostNetworks', label: 'host.view_networks' },
  { route: 'hostStorage', label: 'host.view_storage' },
] as const;

export function HostLinks({ connection }: { connection: ConnectionId }) {
  const { t } = useTranslation();
  const place = usePlace();
  return (
    <ul className="conn-pages">
      {PAGES.map((p) => {
        const to: Route = { name: p.route, host: connection };
        const here = place.name === p.route && place.host === connection;
        const follow = (e: MouseEvent) => {
          e.stopPropagation();
          // A modified click (new tab or window) is the browser's.
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          navigate(to);
        };
        return (
          <li key={p.route}>
            <a href={formatHash(to)} onClick={follow} {...(here ? { 'aria-current': 'page' as const } : {})}>
              {t(p.label)}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
