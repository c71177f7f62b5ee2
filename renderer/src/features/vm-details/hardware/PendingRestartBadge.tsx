// "Restart pending" in a VM's details header: the running VM's definition holds changes it
// takes only at its next start (`domains.hardware().pendingRestart`). A shut-off VM has none,
// so its hardware is not read for this.
import { useTranslation } from 'react-i18next';
import type { DomainRef, DomainSummary } from '../../../../../electron/common/api/domains.js';
import { useHardware } from './hardware-reader.js';
import './hardware.css';

export function PendingRestartBadge(props: { target: DomainRef; vm: DomainSummary | undefined }) {
  const { t } = useTranslation();
  const active = props.vm !== undefined && props.vm.state !== 'shutoff';
  const { hw } = useHardware(props.target, active);
  if (!active || !hw?.pendingRestart) return null;
  return (
    <span className="hw-badge next-boot" title={t('hardware2.restartPendingTitle')} data-testid="details-restart-pending">
      {t('hardware2.restartPending')}
    </span>
  );
}
