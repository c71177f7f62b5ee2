// Create Network: a name and a mode (NAT, routed, isolated, open, an existing host bridge,
// macvtap on a physical interface), the bridge or device it needs, and for the modes with
// addresses of their own IPv4 (and IPv6) with a DHCP range and static hosts. Problems the form
// can see are shown under their fields; the backend's refusals (an address range another
// network or a route of the host uses, a name taken) in its words.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '../../../../electron/common/api/networks.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useMutation } from '../../components/use-mutation.js';
import { api } from '../../store/store.js';
import { FieldRow } from './FieldRow.js';
import {
  hasOwnAddresses,
  initialNetworkForm,
  NETWORK_MODES,
  networkFormProblems,
  networkSpecOf,
  withAddress,
  type IpForm,
  type NetworkForm,
  type NetworkMode,
  type Problems,
} from './network-form.js';
import { modeWord } from './network-words.js';

export function CreateNetworkDialog(props: { connection: string; existing: readonly NetworkSummary[]; onClose(): void; onCreated(uuid: string, name: string): void }) {
  const { t } = useTranslation();
  const formId = useId();
  const form = useRef<HTMLFormElement>(null);
  const [f, setF] = useState<NetworkForm>(() => initialNetworkForm());
  const [tried, setTried] = useState(false);
  const problems = useMemo(() => networkFormProblems(f), [f]);
  const shown = (k: string) => (tried ? problems[k] : undefined);
  const create = useMutation(() => api().networks.create(networkSpecOf(props.connection, f)), { report: 'inline' });
  const bridges = props.existing.filter((n) => n.kind === 'bridge');
  const devices = props.existing.filter((n) => n.kind === 'direct');
  const own = hasOwnAddresses(f.mode);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(problems).length > 0) {
      // The first field with a problem takes the focus (its problem is read with it).
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    if (create.pending) return;
    const out = await create.run();
    if (out.ok) props.onCreated(out.value.ref.uuid, f.name.trim());
  };
  const set = <K extends keyof NetworkForm>(k: K, v: NetworkForm[K]) => setF((x) => ({ ...x, [k]: v }));

  return (
    <Dialog
      title={t('host.networks.createTitle')}
      onClose={props.onClose}
      className="form-dialog host-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" form={formId} className="primary" aria-disabled={create.pending}>
            {create.pending ? t('host.networks.creating') : t('host.networks.createButton')}
          </button>
        </>
      }
    >
      <form id={formId} ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <FieldRow label={t('host.networks.name')} problem={shown('name')}>
          <input value={f.name} onChange={(e) => set('name', e.target.value)} autoFocus spellCheck={false} autoComplete="off" />
        </FieldRow>
        <FieldRow label={t('host.networks.mode')} hint={t(`host.networks.modeAbout_${f.mode}`)}>
          <select value={f.mode} onChange={(e) => set('mode', e.target.value as NetworkMode)}>
            {NETWORK_MODES.map((m) => (
              <option key={m} value={m}>
                {modeWord(m)}
              </option>
            ))}
          </select>
        </FieldRow>
        {f.mode === 'bridge' ? (
          <FieldRow label={t('host.networks.hostBridge')} problem={shown('bridge')} {...(bridges.length === 0 ? { hint: t('host.networks.noBridgesListed') } : {})}>
            <InterfaceInput value={f.bridge} onChange={(v) => set('bridge', v)} options={bridges} />
          </FieldRow>
        ) : f.mode !== 'macvtap' ? (
          <FieldRow label={t('host.networks.bridgeOptional')} problem={shown('bridge')} hint={t('host.networks.bridgeAbout')}>
            <input value={f.bridge} onChange={(e) => set('bridge', e.target.value.trim())} maxLength={15} spellCheck={false} autoComplete="off" />
          </FieldRow>
        ) : null}
        {f.mode === 'macvtap' && (
          <FieldRow label={t('host.networks.physicalDevice')} problem={shown('device')} {...(devices.length === 0 ? { hint: t('host.networks.noDevicesListed') } : {})}>
            <InterfaceInput value={f.device} onChange={(v) => set('device', v)} options={devices} />
          </FieldRow>
        )}
        {f.mode === 'route' && (
          <FieldRow label={t('host.networks.routeDevice')} problem={shown('device')} hint={t('host.networks.routeDeviceAbout')}>
            <InterfaceInput value={f.device} onChange={(v) => set('device', v)} options={devices} />
          </FieldRow>
        )}
        {own ? (
          <>
            <IpFieldset family="ipv4" ip={f.ipv4} onChange={(ip) => set('ipv4', ip)} shown={shown} />
            <IpFieldset family="ipv6" ip={f.ipv6} onChange={(ip) => set('ipv6', ip)} shown={shown} />
            <FieldRow label={t('host.networks.domainNameOptional')} problem={shown('domainName')}>
              <input value={f.domainName} onChange={(e) => set('domainName', e.target.value.trim())} spellCheck={false} autoComplete="off" />
            </FieldRow>
          </>
        ) : (
          <p className="muted">{t('host.networks.noOwnAddresses')}</p>
        )}
        <FieldRow label={t('host.networks.startNow')} check>
          <input type="checkbox" checked={f.start} onChange={(e) => set('start', e.target.checked)} />
        </FieldRow>
        <FieldRow label={t('host.networks.autostartLabel')} check>
          <input type="checkbox" checked={f.autostart} onChange={(e) => set('autostart', e.target.checked)} />
        </FieldRow>
        {tried && Object.keys(problems).length > 0 && (
          <p className="field-problem" role="status">
            {t('host.networks.fixProblems')}
          </p>
        )}
        {create.error !== null && <ErrorNotice error={create.error} title={t('host.networks.createFailed')} onDismiss={create.reset} />}
      </form>
    </Dialog>
  );
}

/** An interface name, typed or picked from what the host lists (a datalist: any name may be typed). */
function InterfaceInput(props: {
  value: string;
  onChange(v: string): void;
  options: readonly NetworkSummary[];
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  const listId = useId();
  const { onChange, options, value, ...rest } = props;
  return (
    <>
      <input {...rest} value={value} onChange={(e) => onChange(e.target.value.trim())} list={listId} maxLength={15} spellCheck={false} autoComplete="off" />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o.name} value={o.name}>
            {o.link ? `${o.name} (${o.link})` : o.name}
          </option>
        ))}
      </datalist>
    </>
  );
}

function IpFieldset(props: { family: 'ipv4' | 'ipv6'; ip: IpForm; onChange(ip: IpForm): void; shown(k: string): Problems[string] | undefined }) {
  const { t } = useTranslation();
  const { family, ip, onChange, shown } = props;
  const v4 = family === 'ipv4';
  const set = (change: Partial<IpForm>) => onChange({ ...ip, ...change });
  const setHost = (i: number, k: 'mac' | 'ip' | 'name', v: string) => set({ hosts: ip.hosts.map((h, j) => (j === i ? { ...h, [k]: v.trim() } : h)) });
  const familyWord = v4 ? t('host.networks.ipv4') : t('host.networks.ipv6');
  return (
    <fieldset className={ip.enabled ? 'ip-fieldset' : 'ip-fieldset off'} data-testid={`create-${family}`}>
      <legend>
        <label className="check-label">
          <input type="checkbox" checked={ip.enabled} onChange={(e) => set({ enabled: e.target.checked, dhcp: e.target.checked && (v4 || ip.dhcp) })} />
          {t('host.networks.useFamily', { family: familyWord })}
        </label>
      </legend>
      {ip.enabled && (
        <>
          <div className="inline-fields">
            <FieldRow label={t('host.networks.address')} problem={shown(`${family}.address`)}>
              <input
                value={ip.address}
                onChange={(e) => onChange(v4 ? withAddress(ip, { address: e.target.value.trim() }) : { ...ip, address: e.target.value.trim() })}

                spellCheck={false}
                autoComplete="off"
              />
            </FieldRow>
            <FieldRow label={t('host.networks.prefix')} problem={shown(`${family}.prefix`)}>
              <input
                className="short"
                inputMode="numeric"
                value={ip.prefix}
                onChange={(e) => onChange(v4 ? withAddress(ip, { prefix: e.target.value.trim() }) : { ...ip, prefix: e.target.value.trim() })}
              />
            </FieldRow>
          </div>
          <FieldRow label={t('host.networks.dhcp')} check>
            <input type="checkbox" checked={ip.dhcp} onChange={(e) => set({ dhcp: e.target.checked })} />
          </FieldRow>
          {ip.dhcp && (
            <div className="inline-fields">
              <FieldRow label={t('host.networks.dhcpStart')} problem={shown(`${family}.dhcpStart`)}>
                <input value={ip.dhcpStart} onChange={(e) => set({ dhcpStart: e.target.value.trim(), rangeEdited: true })} spellCheck={false} autoComplete="off" />
              </FieldRow>
              <FieldRow label={t('host.networks.dhcpEnd')} problem={shown(`${family}.dhcpEnd`)}>
                <input value={ip.dhcpEnd} onChange={(e) => set({ dhcpEnd: e.target.value.trim(), rangeEdited: true })} spellCheck={false} autoComplete="off" />
              </FieldRow>
            </div>
          )}
          {ip.hosts.map((h, i) => (
            <div className="inline-fields static-host" key={i} data-testid={`create-${family}-host-${i}`}>
              <FieldRow label={t('host.networks.mac')} problem={shown(`${family}.hosts.${i}.mac`)}>
                <input value={h.mac} onChange={(e) => setHost(i, 'mac', e.target.value)} spellCheck={false} autoComplete="off" />
              </FieldRow>
              <FieldRow label={t('host.networks.ip')} problem={shown(`${family}.hosts.${i}.ip`)}>
                <input value={h.ip} onChange={(e) => setHost(i, 'ip', e.target.value)} spellCheck={false} autoComplete="off" />
              </FieldRow>
              <FieldRow label={t('host.networks.hostNameOptional')} problem={shown(`${family}.hosts.${i}.name`)}>
                <input value={h.name} onChange={(e) => setHost(i, 'name', e.target.value)} spellCheck={false} autoComplete="off" />
              </FieldRow>
              <button type="button" onClick={() => set({ hosts: ip.hosts.filter((_, j) => j !== i) })}>
                {t('host.networks.removeHost')}
              </button>
            </div>
          ))}
          <div>
            <button type="button" onClick={() => set({ hosts: [...ip.hosts, { mac: '', ip: '', name: '' }] })}>
              {t('host.networks.addStaticHost', { family: familyWord })}
            </button>
          </div>
        </>
      )}
    </fieldset>
  );
}
