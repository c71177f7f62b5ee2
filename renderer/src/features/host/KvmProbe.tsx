// Test KVM: starts and removes a throwaway KVM VM, because a KVM libvirt advertises may still
// fail to start guests (`failed to set MSR` on some hosts). Where it fails, New VM on this host
// uses TCG from then on; the result says so, with libvirt's words.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useMutation } from '../../components/use-mutation.js';
import { api } from '../../store/store.js';

export function KvmProbe({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ works: boolean; detail?: string } | null>(null);
  const probe = useMutation(() => api().hosts.probeKvm({ connection: connection.id }), { report: 'inline' });
  const readonly = connection.spec.readonly === true;
  const run = async () => {
    setResult(null);
    const out = await probe.run();
    if (out.ok) setResult(out.value);
  };
  return (
    <section className="card" aria-labelledby="host-kvm-heading">
      <div className="card-head">
        <h3 id="host-kvm-heading">{t('host.kvm.heading')}</h3>
        {!readonly && (
          <button type="button" onClick={() => !probe.pending && void run()} aria-disabled={probe.pending}>
            {t('host.kvm.test')}
          </button>
        )}
      </div>
      <p className="muted">{readonly ? t('host.kvm.readonly') : t('host.kvm.about')}</p>
      <div role="status" className="kvm-result" data-testid="kvm-result">
        {probe.pending && <p>{t('host.kvm.testing')}</p>}
        {result?.works === true && <p className="ok">{t('host.kvm.works')}</p>}
        {result?.works === false && (
          <>
            <p className="bad">{t('host.kvm.fails', { detail: result.detail ?? t('domains.unknown') })}</p>
            <p className="hint">{t('host.kvm.usesTcg')}</p>
          </>
        )}
      </div>
      {probe.error !== null && <ErrorNotice error={probe.error} title={t('host.kvm.failed')} onDismiss={probe.reset} />}
    </section>
  );
}
