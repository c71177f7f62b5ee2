// Add DHCP Host: a static entry (this MAC always gets this address, and a name) added to the
// network live where it runs (networkUpdate) and to its definition. The address's family says
// which of the network's ranges it joins.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkRef } from '../../../../electron/common/api/refs.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useMutation } from '../../components/use-mutation.js';
import { api } from '../../store/store.js';
import { FieldRow } from './FieldRow.js';
import { dhcpHostProblems, type HostRow } from './network-form.js';

export function DhcpHostForm(props: { networkRef: NetworkRef; families: readonly ('ipv4' | 'ipv6')[]; onAdded(words: string): void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [host, setHost] = useState<HostRow>({ mac: '', ip: '', name: '' });
  const [tried, setTried] = useState(false);
  const family = host.ip.includes(':') ? 'ipv6' : 'ipv4';
  const problems = dhcpHostProblems(host, family);
  const add = useMutation(
    () =>
      api().networks.addDhcpHost({
        ref: props.networkRef,
        family,
        host: { mac: host.mac.toLowerCase(), ip: host.ip, ...(host.name ? { name: host.name } : {}) },
      }),
    { report: 'inline' },
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(problems).length > 0 || add.pending) return;
    const out = await add.run();
    if (!out.ok) return;
    props.onAdded(t(`host.networks.hostAdded_${out.value.effect}`, { mac: host.mac.toLowerCase(), ip: host.ip }));
    setHost({ mac: '', ip: '', name: '' });
    setTried(false);
  };
  const set = (k: keyof HostRow) => (v: string) => setHost((h) => ({ ...h, [k]: v.trim() }));
  const shown = (k: string) => (tried ? problems[k] : undefined);
  return (
    <form className="dhcp-host-form" aria-labelledby={headingId} onSubmit={(e) => void submit(e)} noValidate>
      <h5 id={headingId}>{t('host.networks.addHostHeading')}</h5>
      <p className="muted">{props.families.includes('ipv6') ? t('host.networks.addHostAboutBoth') : t('host.networks.addHostAbout')}</p>
      <div className="inline-fields">
        <FieldRow label={t('host.networks.mac')} problem={shown('mac')}>
          <input value={host.mac} onChange={(e) => set('mac')(e.target.value)} spellCheck={false} autoComplete="off" />
        </FieldRow>
        <FieldRow label={t('host.networks.ip')} problem={shown('ip')}>
          <input value={host.ip} onChange={(e) => set('ip')(e.target.value)} spellCheck={false} autoComplete="off" />
        </FieldRow>
        <FieldRow label={t('host.networks.hostNameOptional')} problem={shown('name')}>
          <input value={host.name} onChange={(e) => set('name')(e.target.value)} spellCheck={false} autoComplete="off" />
        </FieldRow>
        <button type="submit" aria-disabled={add.pending}>
          {t('host.networks.addHost')}
        </button>
      </div>
      {add.error !== null && <ErrorNotice error={add.error} title={t('host.networks.addHostFailed')} onDismiss={add.reset} />}
    </form>
  );
}
