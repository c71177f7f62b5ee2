// A VM's Performance tab: graphs of the last minutes (history fetched on open, then one
// sample per tick), and per vCPU / disk / NIC tables from the tick's detail.
import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent, formatRate } from '../../../i18n/format.js';
import { FIELD } from '../../../stats/host-stats.js';
import { hostStats, onStats, useStatsInterest } from '../../../stats/live.js';
import type { Ring } from '../../../stats/ring.js';
import { useStore } from '../../../store/store.js';
import { Graph, type GraphSeries } from '../../stats/Graph.js';
import { FailingNotice, useRetainedHistory, WindowPicker, type WindowSec } from '../../stats/perf-common.js';
import type { VmTabProps } from '../registry.js';

const field = (f: number) => (r: Ring, i: number) => r.value(i, f);
const usedInGuest = (r: Ring, i: number) => r.value(i, FIELD.memAvailableKiB) - r.value(i, FIELD.memUnusedKiB);

/** The Performance tab of a VM's details. */
export function PerformanceTab({ target, vm, host }: VmTabProps) {
  return <VmPerformance connection={target.connection} uuid={target.uuid} running={vm.state === 'running' || vm.state === 'paused' || vm.state === 'blocked'} host={host} />;
}

function VmPerformance(props: { connection: string; uuid: string; running: boolean; host: string }) {
  const { t } = useTranslation();
  const { connection, uuid } = props;
  const [windowSec, setWindowSec] = useState<WindowSec>(60);
  const graphs = useStore((s) => s.preferences?.graphs ?? ['cpu', 'memory', 'disk', 'network']);
  useStatsInterest([{ connection, rows: [uuid], detail: [uuid], host: false }]);

  useRetainedHistory(connection, uuid);

  const ring = useMemo(() => () => hostStats(connection).series.get(uuid), [connection, uuid]);
  const series = useMemo(
    () => ({
      cpu: [{ label: t('graphs.cpuUse'), color: '--graph-1', value: field(FIELD.cpuPct), fill: true }] satisfies GraphSeries[],
      memory: [
        { label: t('graphs.memAssigned'), color: '--graph-2', value: field(FIELD.memKiB), dash: [4, 3] },
        { label: t('graphs.memAvailable'), color: '--graph-3', value: field(FIELD.memAvailableKiB) },
        { label: t('graphs.memUsed'), color: '--graph-1', value: usedInGuest, fill: true },
      ] satisfies GraphSeries[],
      disk: [
        { label: t('graphs.diskRead'), color: '--graph-1', value: field(FIELD.diskRdBps), fill: true },
        { label: t('graphs.diskWrite'), color: '--graph-4', value: field(FIELD.diskWrBps) },
      ] satisfies GraphSeries[],
      network: [
        { label: t('graphs.netRx'), color: '--graph-1', value: field(FIELD.netRxBps), fill: true },
        { label: t('graphs.netTx'), color: '--graph-4', value: field(FIELD.netTxBps) },
      ] satisfies GraphSeries[],
    }),
    [t],
  );
  const kinds = { cpu: 'percent', memory: 'kib', disk: 'rate', network: 'rate' } as const;
  const shown = (['cpu', 'memory', 'disk', 'network'] as const).filter((g) => graphs.includes(g));
  return (
    <div className="performance">
      <div className="performance-bar">
        <WindowPicker value={windowSec} onChange={setWindowSec} />
        {!props.running && <p className="muted">{t('details.notRunning')}</p>}
      </div>
      <FailingNotice connection={connection} host={props.host} />
      <div className="graphs">
        {shown.map((g) => (
          <Graph key={g} testId={`graph-${g}`} title={t(`graphs.${g}`)} connection={connection} kind={kinds[g]} series={series[g]} windowSec={windowSec} ring={ring} />
        ))}
      </div>
      <DetailTables connection={connection} uuid={uuid} />
    </div>
  );
}

/** Re-renders its (small) tables once per tick of the host: a few rows, not the page. */
export function useTickVersion(connection: string): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (notify: () => void) =>
      onStats((c) => {
        if (c === connection) {
          version.current++;
          notify();
        }
      }),
    [connection],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}

function DetailTables(props: { connection: string; uuid: string }) {
  const { t } = useTranslation();
  useTickVersion(props.connection);
  const d = hostStats(props.connection).detail.get(props.uuid);
  if (!d) return <p className="muted">{t('details.noDetail')}</p>;
  return (
    <div className="detail-tables">
      <table>
        <caption>{t('details.vcpus')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('details.vcpu')}</th>
            <th scope="col" className="num">
              {t('details.cpuOfHostCpu')}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.vcpuPct.map((v, i) => (
            <tr key={i}>
              <th scope="row">{i}</th>
              <td className="num">{formatPercent(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t('details.disks')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('details.device')}</th>
            <th scope="col" className="num">
              {t('details.readRate')}
            </th>
            <th scope="col" className="num">
              {t('details.writeRate')}
            </th>
            <th scope="col" className="num">
              {t('details.readIops')}
            </th>
            <th scope="col" className="num">
              {t('details.writeIops')}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.disks.map((x) => (
            <tr key={x.name}>
              <th scope="row">{x.name}</th>
              <td className="num">{formatRate(x.rdBps)}</td>
              <td className="num">{formatRate(x.wrBps)}</td>
              <td className="num">{formatCount(x.rdIops)}</td>
              <td className="num">{formatCount(x.wrIops)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t('details.nics')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('details.device')}</th>
            <th scope="col" className="num">
              {t('details.rxRate')}
            </th>
            <th scope="col" className="num">
              {t('details.txRate')}
            </th>
            <th scope="col" className="num">
              {t('details.rxPps')}
            </th>
            <th scope="col" className="num">
              {t('details.txPps')}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.nics.map((x) => (
            <tr key={x.name}>
              <th scope="row">{x.name}</th>
              <td className="num">{formatRate(x.rxBps)}</td>
              <td className="num">{formatRate(x.txBps)}</td>
              <td className="num">{formatCount(x.rxPps)}</td>
              <td className="num">{formatCount(x.txPps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
