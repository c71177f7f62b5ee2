// What the console says, in words and buttons, when there is no live picture: the VM is shut
// off (Start), paused (Resume), asleep (Wake Up) or crashed (Force Off), the host is
// unreachable, the display is gone or refused us.
import { useTranslation } from 'react-i18next';
import type { DomainRef, DomainSummary } from '../../../../electron/common/api/domains.js';
import { api, notifyError } from '../../store/store.js';
import type { ShellStatus } from './ConsoleView.js';

interface Props {
  target: DomainRef;
  vm: DomainSummary | undefined;
  linkUp: boolean;
  status: ShellStatus;
  reconnecting: boolean;
  onReconnect(): void;
}

export function ConsoleStateNotice({ target, vm, linkUp, status, reconnecting, onReconnect }: Props) {
  const { t } = useTranslation();
  const act = (label: string, call: () => Promise<void>) => () =>
    void call().catch((err: unknown) => {
      notifyError(t('errors.actionFailed', { action: label, name: vm?.name ?? target.uuid }), err);
    });

  if (!linkUp) return <Notice text={t('console.linkDown')} />;
  if (!vm) return <Notice text={t('console.gone')} />;
  if (vm.state === 'paused') {
    return (
      <Notice text={t('console.paused', { name: vm.name })}>
        <button type="button" onClick={act(t('console.resume'), () => api().domains.resume({ ref: target }))}>
          {t('console.resume')}
        </button>
      </Notice>
    );
  }
  // Both are still active (QEMU runs and its display answers), but the picture says nothing:
  // say why, and offer the one action that moves on (libvirt's state machine; see actions.ts).
  if (vm.state === 'pmsuspended') {
    return (
      <Notice text={t('console.pmsuspended', { name: vm.name })}>
        <button type="button" onClick={act(t('console.wakeup'), () => api().domains.wakeup({ ref: target }))}>
          {t('console.wakeup')}
        </button>
      </Notice>
    );
  }
  if (vm.state === 'crashed') {
    return (
      <Notice text={t('console.crashed', { name: vm.name })}>
        <button type="button" onClick={act(t('console.forceOff'), () => api().domains.forceOff({ ref: target }))}>
          {t('console.forceOff')}
        </button>
      </Notice>
    );
  }
  if (!['running', 'blocked'].includes(vm.state)) {
    return (
      <Notice text={t('console.shutOff', { name: vm.name })}>
        <button type="button" onClick={act(t('console.start'), () => api().domains.start({ ref: target }))}>
          {t('console.start')}
        </button>
      </Notice>
    );
  }
  if (reconnecting) return <Notice text={t('console.reconnecting')} />;
  if (status.kind === 'failed' || (status.kind === 'closed' && status.message !== undefined)) {
    const message = status.kind === 'failed' ? status.message : t('console.securityFailure', { reason: status.message ?? '' });
    const hint = status.kind === 'failed' ? status.hint : undefined;
    return (
      <Notice text={`${message}${hint ? ` ${hint}` : ''}`} alert>
        <button type="button" onClick={onReconnect}>
          {t('console.reconnect')}
        </button>
      </Notice>
    );
  }
  return null;
}

function Notice({ text, alert, children }: { text: string; alert?: boolean; children?: React.ReactNode }) {
  return (
    <div className="console-notice" role={alert ? 'alert' : 'note'}>
      <p>{text}</p>
      {children}
    </div>
  );
}
