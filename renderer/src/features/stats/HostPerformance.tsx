// The selected host's Performance page: its CPU (and the share its VMs use, summed from every
// running VM's cpuHostPct) and its memory, used against total.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { HOST_FIELD } from '../../stats/host-stats.js';
import { hostStats, useStatsInterest } from '../../stats/live.js';
import type { Ring } from '../../stats/ring.js';
import { useStore } from '../../store/store.js';
import { Graph, type GraphSeries } from './Graph.js';
import { connectionLabel } from '../connections/connection-label.js';
import { FailingNotice, useRetainedHistory, WindowPicker, type WindowSec } from './perf-common.js';
import { describeErrorData } from '../../i18n/messages.js';

const field = (f: number) => (r: Ring, i: number) => r.value(i, f);

export function HostPerformance() {
  const { t } = useTranslation();
  const connection = useStore((s) => s.connections.find((c) => c.id === s.selectedConnection));
  if (!connection) return <p className="empty">{t('domains.selectHost')}</p>;
  const label = connectionLabel(connection);
  return (
    <section className="host-performance" aria-labelledby="host-perf-heading">
      <h2 id="host-perf-heading">{t('views.hostHeading', { host: label })}</h2>
      {connection.state === 'connected' ? (
        <HostGraphs key={connection.id} connection={connection.id} host={label} />
      ) : (
        <p className="empty">{connection.error ? describeErrorData(connection.error).text : t('domains.notConnected')}</p>
      )}
    </section>
  );
}

function HostGraphs(props: { connection: ConnectionId; host: string }) {
  const { t } = useTranslation();
  const { connection } = props;
  const [windowSec, setWindowSec] = useState<WindowSec>(60);
  const graphs = useStore((s) => s.preferences?.graphs ?? ['cpu', 'memory']);
  // Every VM of the host: their sum is the VMs' share of the host's CPU.
  useStatsInterest([{ connection, rows: 'all', detail: [], host: true }]);
  useRetainedHistory(connection, null);
  const ring = useMemo(() => () => hostStats(connection).host, [connection]);
  const cpu = useMemo<GraphSeries[]>(
    () => [
      { label: t('graphs.hostCpu'), color: '--graph-1', value: field(HOST_FIELD.cpuPct), fill: true },
      { label: t('graphs.vmsCpu'), color: '--graph-4', value: field(HOST_FIELD.vmCpuPct) },
    ],
    [t],
  );
  const memory = useMemo<GraphSeries[]>(
    () => [
      { label: t('graphs.hostMemUsed'), color: '--graph-2', value: field(HOST_FIELD.memUsedKiB), fill: true },
      { label: t('graphs.hostMemTotal'), color: '--graph-3', value: field(HOST_FIELD.memTotalKiB), dash: [4, 3] },
    ],
    [t],
  );
  return (
    <div className="performance">
      <div className="performance-bar">
        <WindowPicker value={windowSec} onChange={setWindowSec} />
      </div>
      <FailingNotice connection={connection} host={props.host} />
      <div className="graphs">
        {graphs.includes('cpu') && <Graph testId="graph-host-cpu" title={t('graphs.cpu')} connection={connection} kind="percent" series={cpu} windowSec={windowSec} ring={ring} />}
        {graphs.includes('memory') && (
          <Graph testId="graph-host-memory" title={t('graphs.memory')} connection={connection} kind="kib" series={memory} windowSec={windowSec} ring={ring} />
        )}
      </div>
    </div>
  );
}
