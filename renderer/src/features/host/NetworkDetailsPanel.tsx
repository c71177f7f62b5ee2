// One virtual network in full: its state and settings, Start/Stop, Autostart and Delete; its
// addresses with DHCP ranges and static hosts (added and removed live); its DHCP leases; the VMs
// that use it. Read again after each change made here and when an event says it changed.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import type { NetworkDetails } from '../../../../electron/common/api/networks.js';
import { ApiError } from '../../../../electron/common/api/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useMutation } from '../../components/use-mutation.js';
import { describeError } from '../../i18n/messages.js';
import { formatHash } from '../../router/routes.js';
import { api, notifyError, openDetails } from '../../store/store.js';
import { DhcpHostForm } from './DhcpHostForm.js';
import { modeLabel } from './network-words.js';
import { ReadError } from './ReadError.js';
import { useLoaded } from './use-host.js';

type Ip = NetworkDetails['ips'][number];

export function NetworkDetailsPanel(props: {
  connection: ConnectionInfo;
  uuid: string;
  changes: number;
  epoch: string | null;
  /** Says what a change here did (in the page's status line, which outlives a deleted network's panel). */
  onStatus(words: string): void;
  onDeleted(name: string): void;
}) {
  const { t } = useTranslation();
  const ref = { connection: props.connection.id, uuid: props.uuid };
  const details = useLoaded(() => api().networks.details({ ref }), props.epoch, `${props.uuid}/${props.changes}`);
  const d = details.value;
  const readonly = props.connection.spec.readonly === true;
  const setStatus = props.onStatus;

  const title = (key: 'startFailed' | 'stopFailed' | 'autostartFailed' | 'deleteFailed' | 'removeHostFailed') => t(`host.networks.${key}`, { name: d?.name ?? '' });
  const start = useMutation(() => api().networks.start({ ref }), { report: 'notice', title: () => title('startFailed') });
  const stop = useMutation(() => api().networks.stop({ ref }), { report: 'notice', title: () => title('stopFailed') });
  const autostart = useMutation((on: boolean) => api().networks.setAutostart({ ref, autostart: on }), { report: 'notice', title: () => title('autostartFailed') });
  const removeHost = useMutation((mac: string) => api().networks.removeDhcpHost({ ref, mac }), { report: 'notice', title: () => title('removeHostFailed') });
  const busy = start.pending || stop.pending || autostart.pending || removeHost.pending;
  // While a change runs the controls stay focusable (a disabled control would drop the focus),
  // and say they are busy; a second click meanwhile is ignored.
  const after = (p: () => Promise<{ ok: boolean }>) => {
    if (!busy) void p().then(() => details.reload());
  };
  const heading = useRef<HTMLHeadingElement>(null);

  if (!d) {
    return details.error !== null ? (
      <ReadError error={details.error} title={t('host.networks.readFailed')} onRetry={details.reload} />
    ) : (
      <p className="muted">{t('host.loading')}</p>
    );
  }
  const facts: [string, string][] = [
    [t('host.networks.state'), d.active ? t('host.active') : t('host.inactive')],
    [t('host.networks.autostart'), d.autostart ? t('host.yes') : t('host.no')],
    [t('host.networks.persistent'), d.persistent ? t('host.yes') : t('host.no')],
    [t('host.networks.mode'), modeLabel(d)],
    ...(d.bridge ? [[t('host.networks.bridge'), d.bridge] as [string, string]] : []),
    ...(d.device ? [[t('host.networks.device'), d.device] as [string, string]] : []),
    ...(d.domainName ? [[t('host.networks.domainName'), d.domainName] as [string, string]] : []),
    ...(d.mtu !== undefined ? [[t('host.networks.mtu'), String(d.mtu)] as [string, string]] : []),
  ];
  return (
    <section className="network-details" aria-labelledby="network-details-heading" data-testid="network-details">
      <div className="detail-head">
        <h3 id="network-details-heading" ref={heading} tabIndex={-1}>
          {d.name}
        </h3>
        {!readonly && (
          <div className="detail-actions">
            {d.active ? (
              <button type="button" aria-disabled={busy} onClick={() => after(() => stop.run())}>
                {t('host.networks.stop')}
              </button>
            ) : (
              <button type="button" aria-disabled={busy} onClick={() => after(() => start.run())}>
                {t('host.networks.start')}
              </button>
            )}
            {d.persistent && (
              <label className="check-label">
                <input type="checkbox" checked={d.autostart} aria-disabled={busy} onChange={(e) => after(() => autostart.run(e.target.checked))} />
                {t('host.networks.autostartLabel')}
              </label>
            )}
            <DeleteNetwork details={d} onDeleted={() => props.onDeleted(d.name)} />
          </div>
        )}
      </div>
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>

      <h4>{t('host.networks.addresses')}</h4>
      {d.ips.length === 0 && <p className="muted">{t('host.networks.noAddresses')}</p>}
      {d.ips.map((ip, i) => (
        <IpBlock
          key={`${ip.family}-${i}`}
          ip={ip}
          readonly={readonly}
          busy={busy}
          onRemove={(mac) =>
            after(() =>
              removeHost.run(mac).then((out) => {
                if (out.ok) {
                  setStatus(t(`host.networks.hostRemoved_${out.value.effect}`, { mac }));
                  // Its row (and the button that had the focus) is gone: the focus goes to the network.
                  heading.current?.focus();
                }
                return out;
              }),
            )
          }
        />
      ))}
      {!readonly && d.ips.length > 0 && (
        <DhcpHostForm
          networkRef={ref}
          families={d.ips.map((ip) => ip.family)}
          onAdded={(words) => {
            setStatus(words);
            details.reload();
          }}
        />
      )}

      <Leases d={d} />

      <h4 id="network-users-heading">{t('host.networks.usedBy')}</h4>
      {d.usedBy.length === 0 ? (
        <p className="muted">{t('host.networks.unused')}</p>
      ) : (
        <ul className="vm-links" aria-labelledby="network-users-heading">
          {d.usedBy.map((vm) => (
            <li key={vm.uuid}>
              <a
                href={formatHash({ name: 'vm', host: d.ref.connection, uuid: vm.uuid, tab: 'overview' })}
                onClick={(e) => {
                  e.preventDefault();
                  openDetails({ connection: d.ref.connection, uuid: vm.uuid });
                }}
              >
                {vm.name}
              </a>{' '}
              <span className="muted">{vm.active ? t('host.networks.vmRunning') : t('host.networks.vmOff')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function IpBlock(props: { ip: Ip; readonly: boolean; busy: boolean; onRemove(mac: string): void }) {
  const { t } = useTranslation();
  const { ip } = props;
  const family = ip.family === 'ipv4' ? t('host.networks.ipv4') : t('host.networks.ipv6');
  const caption = t('host.networks.staticHostsOf', { family });
  return (
    <div className="ip-block" data-testid={`ip-${ip.family}`}>
      <p className="ip-line">
        <strong>{family}</strong> {ip.prefix !== undefined ? `${ip.address}/${ip.prefix}` : ip.address}
      </p>
      <p>
        {ip.dhcp.length === 0
          ? t('host.networks.noDhcp')
          : t('host.networks.dhcpRanges', { ranges: ip.dhcp.map((r) => t('host.networks.range', { start: r.start, end: r.end })).join(', ') })}
      </p>
      {ip.hosts.length > 0 && (
        <table className="plain-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('host.networks.mac')}</th>
              <th scope="col">{t('host.networks.ip')}</th>
              <th scope="col">{t('host.networks.hostName')}</th>
              {!props.readonly && (
                <th scope="col">
                  <span className="visually-hidden">{t('host.networks.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {ip.hosts.map((h, i) => (
              <tr key={h.mac ?? h.ip ?? i} data-testid={`dhcp-host-${h.mac ?? h.ip ?? i}`}>
                <td className="mono">{h.mac ?? ''}</td>
                <td className="mono">{h.ip ?? ''}</td>
                <td>{h.name ?? ''}</td>
                {!props.readonly && (
                  <td>
                    {h.mac && (
                      <button type="button" aria-disabled={props.busy} onClick={() => props.onRemove(h.mac!)}>
                        {t('host.networks.removeHost')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Leases({ d }: { d: NetworkDetails }) {
  const { t } = useTranslation();
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <>
      <h4 id="network-leases-heading">{t('host.networks.leases')}</h4>
      {!d.active ? (
        <p className="muted">{t('host.networks.leasesInactive')}</p>
      ) : d.leases.length === 0 ? (
        <p className="muted">{t('host.networks.noLeases')}</p>
      ) : (
        <table className="plain-table" aria-labelledby="network-leases-heading" data-testid="network-leases">
          <thead>
            <tr>
              <th scope="col">{t('host.networks.mac')}</th>
              <th scope="col">{t('host.networks.ip')}</th>
              <th scope="col">{t('host.networks.hostName')}</th>
              <th scope="col">{t('host.networks.expires')}</th>
            </tr>
          </thead>
          <tbody>
            {d.leases.map((l) => (
              <tr key={`${l.mac}/${l.ip}`}>
                <td className="mono">{l.mac}</td>
                <td className="mono">{`${l.ip}/${l.prefix}`}</td>
                <td>{l.hostname ?? ''}</td>
                <td>{l.expiresAt !== undefined ? when.format(l.expiresAt) : t('host.networks.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Delete…: confirmed, then refused while VMs use the network; "Delete Anyway" names them and forces it. */
function DeleteNetwork(props: { details: NetworkDetails; onDeleted(): void }) {
  const { t } = useTranslation();
  const d = props.details;
  const [step, setStep] = useState<'idle' | 'confirm' | { inUse: string }>('idle');
  const del = useMutation((force: boolean) => api().networks.delete({ ref: d.ref, force }), { report: 'inline' });
  const run = async (force: boolean) => {
    setStep('idle');
    const out = await del.run(force);
    if (out.ok) props.onDeleted();
    else if (!force && out.error instanceof ApiError && out.error.messageId === 'network.inUse') {
      // The backend's words name the VMs; asking again is the way to force it.
      const w = describeError(out.error);
      setStep({ inUse: w.hint ? `${w.text} ${w.hint}` : w.text });
    } else notifyError(t('host.networks.deleteFailed', { name: d.name }), out.error);
  };
  return (
    <>
      <button type="button" className="danger" disabled={del.pending} onClick={() => setStep('confirm')}>
        {t('host.networks.deleteOpen')}
      </button>
      {step === 'confirm' && (
        <ConfirmDialog
          title={t('host.networks.deleteTitle', { name: d.name })}
          body={t('host.networks.deleteBody', { name: d.name })}
          confirmLabel={t('host.networks.delete')}
          cancelLabel={t('confirm.cancel')}
          onConfirm={() => void run(false)}
          onCancel={() => setStep('idle')}
        />
      )}
      {typeof step === 'object' && (
        <ConfirmDialog
          title={t('host.networks.deleteAnywayTitle', { name: d.name })}
          body={step.inUse}
          confirmLabel={t('host.networks.deleteAnyway')}
          cancelLabel={t('confirm.cancel')}
          onConfirm={() => void run(true)}
          onCancel={() => setStep('idle')}
        />
      )}
    </>
  );
}
