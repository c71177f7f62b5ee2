// A host's Overview: what it is (name, versions, CPU), its memory and what running VMs were given
// of it, its NUMA cells; then whether it runs VMs well (Validation) and whether its KVM really
// starts guests (Test KVM).
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import type { HostOverview as Overview } from '../../../../electron/common/api/hosts.js';
import { formatKiB } from '../../i18n/index.js';
import { api } from '../../store/store.js';
import { KvmProbe } from './KvmProbe.js';
import { ReadError } from './ReadError.js';
import { Swatch, UsageBar } from './UsageBar.js';
import { useLoaded, useReadEpoch } from './use-host.js';
import { ValidationPanel } from './ValidationPanel.js';

export function HostOverview({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const epoch = useReadEpoch(connection.id);
  const overview = useLoaded(() => api().hosts.overview({ connection: connection.id }), epoch);
  const o = overview.value;
  return (
    <div className="host-overview">
      <div className="host-column">
        <section className="card" aria-labelledby="host-facts-heading">
          <h3 id="host-facts-heading">{t('host.overview.heading')}</h3>
          {overview.error !== null && <ReadError error={overview.error} title={t('host.overview.readFailed')} onRetry={overview.reload} />}
          {o ? <Facts o={o} /> : overview.error === null && <p className="muted">{t('host.loading')}</p>}
        </section>
        {o && <Memory o={o} />}
        {o && o.numaCells.length > 0 && <Numa o={o} />}
        <KvmProbe connection={connection} />
      </div>
      <div className="host-column">
        <ValidationPanel connection={connection.id} epoch={epoch} />
      </div>
    </div>
  );
}

function Facts({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const n = (v: number) => new Intl.NumberFormat().format(v);
  const rows: [string, string][] = [
    [t('host.overview.hostname'), o.hostname],
    [t('host.overview.hypervisor'), `${o.driver} ${o.hypervisorVersion}`],
    [t('host.overview.libvirt'), o.libvirtVersion],
    [t('host.overview.cpuModel'), o.cpu.model],
    [t('host.overview.arch'), o.cpu.arch],
    [t('host.overview.cpus'), n(o.cpu.cpus)],
    [t('host.overview.sockets'), n(o.cpu.sockets)],
    [t('host.overview.cores'), n(o.cpu.cores)],
    [t('host.overview.threads'), n(o.cpu.threads)],
    [t('host.overview.mhz'), t('host.overview.mhzValue', { mhz: n(o.cpu.mhz) })],
    [t('host.overview.runningVms'), n(o.runningVms)],
  ];
  return (
    <dl className="facts" data-testid="host-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Memory({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const { totalKiB, freeKiB } = o.memory;
  const used = Math.max(0, totalKiB - freeKiB);
  // What VMs were given may exceed what they touched: the bar shows no more of it than is in use.
  const vms = Math.min(o.memory.vmsKiB, used);
  const other = used - vms;
  const legend: [string, string, string][] = [
    ['vms', t('host.memory.vms'), formatKiB(o.memory.vmsKiB)],
    ['other', t('host.memory.other'), formatKiB(other)],
    ['free', t('host.memory.free'), formatKiB(freeKiB)],
  ];
  return (
    <section className="card" aria-labelledby="host-memory-heading">
      <h3 id="host-memory-heading">{t('host.memory.heading')}</h3>
      <p className="usage-total">{t('host.memory.total', { total: formatKiB(totalKiB) })}</p>
      <UsageBar
        total={totalKiB}
        segments={[
          { kind: 'vms', value: vms },
          { kind: 'other', value: other },
        ]}
        testId="host-memory-bar"
      />
      <dl className="usage-legend">
        {legend.map(([kind, label, value]) => (
          <div key={kind}>
            <dt>
              <Swatch kind={kind} />
              {label}
            </dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** CPU numbers as ranges: 0-3,8,10-11. */
function cpuRanges(cpus: readonly string[]): string {
  const ids = cpus.map(Number);
  if (ids.some((x) => !Number.isInteger(x))) return cpus.join(', ');
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(', ');
}

function Numa({ o }: { o: Overview }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="host-numa-heading">
      <h3 id="host-numa-heading">{t('host.numa.heading')}</h3>
      <table className="plain-table" aria-labelledby="host-numa-heading">
        <thead>
          <tr>
            <th scope="col">{t('host.numa.cell')}</th>
            <th scope="col" className="num">
              {t('host.numa.memory')}
            </th>
            <th scope="col">{t('host.numa.cpus')}</th>
          </tr>
        </thead>
        <tbody>
          {o.numaCells.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.id}</th>
              <td className="num">{c.memoryKiB !== undefined ? formatKiB(c.memoryKiB) : t('domains.unknown')}</td>
              <td>{cpuRanges(c.cpus)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
