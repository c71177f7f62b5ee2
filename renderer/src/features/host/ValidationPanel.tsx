// The host's Validation panel: virt-host-validate's checks (on this machine, in its words) and
// libvirt's (UEFI, swtpm, virtiofs, IOMMU, nested), each pass, warning or failure, and under a
// warning or failure what it means and what to do, worded from the message catalog.
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import type { HostCheck } from '../../../../electron/common/api/hosts.js';
import { api } from '../../store/store.js';
import { ReadError } from './ReadError.js';
import { useLoaded } from './use-host.js';
import { wordRef } from './word-ref.js';

const ICON: Record<HostCheck['result'], string> = { pass: '✓', warn: '!', fail: '✕' };

export function ValidationPanel(props: { connection: ConnectionId; epoch: string | null }) {
  const { t } = useTranslation();
  const checks = useLoaded(() => api().hosts.validate({ connection: props.connection }), props.epoch);
  const list = checks.value ?? [];
  const count = (r: HostCheck['result']) => list.filter((c) => c.result === r).length;
  return (
    <section className="card validation" aria-labelledby="host-validation-heading" aria-busy={checks.loading}>
      <div className="card-head">
        <h3 id="host-validation-heading">{t('host.validation.heading')}</h3>
        <button type="button" onClick={() => !checks.loading && checks.reload()} aria-disabled={checks.loading || props.epoch === null}>
          {t('host.validation.again')}
        </button>
      </div>
      <p className="muted">{t('host.validation.about')}</p>
      <p role="status" className="validation-summary">
        {checks.loading ? t('host.validation.checking') : checks.value ? t('host.validation.summary', { pass: count('pass'), warn: count('warn'), fail: count('fail') }) : ''}
      </p>
      {checks.error !== null && <ReadError error={checks.error} title={t('host.validation.failed')} onRetry={checks.reload} />}
      {list.length > 0 && (
        <ul className="checks" aria-labelledby="host-validation-heading">
          {list.map((c) => (
            <Check key={c.id} check={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Check({ check }: { check: HostCheck }) {
  const { t } = useTranslation();
  const what = wordRef(check.what);
  const detail = check.detail ? wordRef(check.detail) : null;
  const problem = check.result !== 'pass';
  const hints = problem ? [what.hint, detail?.hint].filter((h): h is string => !!h) : [];
  return (
    <li className={`host-check result-${check.result}`} data-testid={`check-${check.id}`} data-result={check.result}>
      <span className="check-icon" aria-hidden="true">
        {ICON[check.result]}
      </span>
      <div className="check-body">
        <div className="check-line">
          <span className="check-result">{t(`host.validation.result_${check.result}`)}</span>
          <span className="check-what">{what.text}</span>
        </div>
        {detail && <p className={problem ? 'check-detail' : 'check-detail muted'}>{detail.text}</p>}
        {hints.map((h) => (
          <p key={h} className="hint">
            {h}
          </p>
        ))}
      </div>
    </li>
  );
}
