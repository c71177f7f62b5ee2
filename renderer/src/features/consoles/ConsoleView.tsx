// A VM's graphical console in the page: noVNC on a bridge the backend opens for a single-use
// ticket. The RFB client is created in an effect (never during render) and torn down with the
// view; closing the view closes the bridge.
import RFB from '@novnc/novnc';
import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { ApiError } from '../../../../electron/common/api/errors.js';
import { api, notify, openConsole, useStore } from '../../store/store.js';
import { SendKeyMenu } from './SendKeyMenu.js';

/** Saves the VM's screen, as libvirt captures it, as NAME-YYYYMMDD-HHMMSS.png. */
async function saveScreenshot(target: DomainRef, name: string): Promise<void> {
  try {
    const shot = await api().domains.screenshot({ ref: target });
    const bytes = Uint8Array.from(atob(shot.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: shot.mime }));
    const stamp = new Date().toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.${shot.mime === 'image/png' ? 'png' : 'img'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError('internal', String(err));
    notify({ title: i18next.t('console.screenshotFailed', { name }), message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
  }
}

type Status = { kind: 'connecting' } | { kind: 'connected' } | { kind: 'password' } | { kind: 'closed'; message: string; hint?: string };

export function ConsoleView({ target }: { target: DomainRef }) {
  const { t } = useTranslation();
  const screen = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const [scale, setScale] = useState(true);
  const [password, setPassword] = useState('');
  const vm = useStore((s) => s.domains[target.connection]?.[target.uuid]);

  useEffect(() => {
    let cancelled = false;
    setStatus({ kind: 'connecting' });
    void (async () => {
      try {
        const ticket = await api().consoles.open({ ref: target });
        if (cancelled || !screen.current) return;
        const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${ticket.path}`;
        const client = new RFB(screen.current, url, { wsProtocols: ticket.protocols });
        client.scaleViewport = scale;
        client.background = '#111';
        client.addEventListener('connect', () => setStatus({ kind: 'connected' }));
        client.addEventListener('credentialsrequired', () => setStatus({ kind: 'password' }));
        client.addEventListener('securityfailure', (e) => {
          const reason = (e as CustomEvent<{ reason?: string }>).detail.reason;
          setStatus({ kind: 'closed', message: t('console.securityFailure', { reason: reason ?? '' }) });
        });
        client.addEventListener('disconnect', (e) => {
          const clean = (e as CustomEvent<{ clean: boolean }>).detail.clean;
          setStatus((s) => (s.kind === 'closed' ? s : { kind: 'closed', message: clean ? t('console.closed') : t('console.lost'), hint: t('console.reconnectHint') }));
        });
        rfb.current = client;
      } catch (err) {
        if (cancelled) return;
        const e = err instanceof ApiError ? err : new ApiError('internal', String(err));
        setStatus({ kind: 'closed', message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
      }
    })();
    return () => {
      cancelled = true;
      rfb.current?.disconnect();
      rfb.current = null;
    };
    // scale is applied below without reconnecting
  }, [target.connection, target.uuid, attempt]);

  useEffect(() => {
    if (rfb.current) rfb.current.scaleViewport = scale;
  }, [scale]);

  const connected = status.kind === 'connected';
  return (
    <section className="console" aria-labelledby="console-title">
      <div className="console-bar">
        <button type="button" onClick={() => openConsole(null)}>
          {t('console.back')}
        </button>
        <h2 id="console-title">{t('console.title', { name: vm?.name ?? target.uuid })}</h2>
        <span className={`console-status ${status.kind}`} role="status">
          {t(`console.status_${status.kind}`)}
        </span>
        <button type="button" disabled={!connected} onClick={() => rfb.current?.sendCtrlAltDel()}>
          {t('console.ctrlAltDel')}
        </button>
        <SendKeyMenu target={target} />
        <button type="button" onClick={() => void saveScreenshot(target, vm?.name ?? target.uuid)}>
          {t('console.screenshot')}
        </button>
        <label className="check-label">
          <input type="checkbox" checked={scale} onChange={(e) => setScale(e.target.checked)} />
          {t('console.scale')}
        </label>
        {status.kind === 'closed' && (
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('console.reconnect')}
          </button>
        )}
      </div>
      {status.kind === 'closed' && (
        <p className="console-error" role="alert">
          {status.message} {status.hint}
        </p>
      )}
      {status.kind === 'password' && (
        <form
          className="console-password"
          onSubmit={(e) => {
            e.preventDefault();
            rfb.current?.sendCredentials({ password });
            setPassword('');
            setStatus({ kind: 'connecting' });
          }}
        >
          <label>
            {t('console.password')}
            <input type="password" autoFocus autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="submit">{t('console.sendPassword')}</button>
        </form>
      )}
      <div className="console-screen" ref={screen} data-testid="console-screen" />
    </section>
  );
}
