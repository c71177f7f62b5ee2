// A VM's Overview tab: what libvirt says of it (name, UUID, state, title, description,
// hypervisor, OS, machine, CPUs, memory), read-only for now; re-read when the VM changes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainDetails } from '../../../../../electron/common/api/domains.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { formatKiB } from '../../../i18n/index.js';
import { api } from '../../../store/store.js';
import type { VmTabProps } from '../registry.js';

export function OverviewTab({ target, vm, host }: VmTabProps) {
  const { t } = useTranslation();
  const [details, setDetails] = useState<DomainDetails | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The list's row changes with every domain.changed event: the details are read again then.
  useEffect(() => {
    let live = true;
    api()
      .domains.details({ ref: target })
      .then((d) => {
        if (!live) return;
        setDetails(d);
        setError(null);
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [target, vm]);
  const d = details;
  const unknown = t('domains.unknown');
  const rows: [string, string][] = [
    [t('overview.name'), vm.name],
    [t('overview.uuid'), target.uuid],
    [t('overview.host'), host],
    [t('overview.state'), vm.reason ? t('overview.stateReason', { state: t(`domains.state_${vm.state}`), reason: vm.reason }) : t(`domains.state_${vm.state}`)],
    [t('overview.title'), d?.title ?? ''],
    [t('overview.description'), d?.description ?? ''],
    [t('overview.hypervisor'), d?.hypervisorType ?? unknown],
    [t('overview.osType'), d?.os.type ?? unknown],
    [t('overview.arch'), d?.os.arch ?? unknown],
    [t('overview.machine'), d?.os.machine ?? unknown],
    [t('overview.vcpus'), vm.vcpus !== undefined ? String(vm.vcpus) : unknown],
    [t('overview.memory'), vm.memoryKiB !== undefined ? formatKiB(vm.memoryKiB) : unknown],
    [t('overview.maxMemory'), vm.maxMemoryKiB !== undefined ? formatKiB(vm.maxMemoryKiB) : unknown],
    [t('overview.persistent'), vm.persistent ? t('overview.yes') : t('overview.no')],
    [t('overview.autostart'), vm.autostart ? t('overview.yes') : t('overview.no')],
  ];
  return (
    <div className="overview" data-testid="vm-overview">
      {error !== null && <ErrorNotice error={error} title={t('overview.readFailed')} />}
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className={k === t('overview.description') ? 'prose' : undefined}>{v || <span className="muted">{t('overview.none')}</span>}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
