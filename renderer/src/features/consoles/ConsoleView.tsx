// A VM's console: the toolbar, the states around the display (shut off, paused, no display,
// lost and reconnecting) and the display itself, drawn by the protocol's screen component.
// The shell owns the ticket: a new ticket is a new session.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleTicket, ConsoleType } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { ApiError } from '../../../../electron/common/api/errors.js';
import { describeError } from '../../i18n/messages.js';
import { api, openConsole, useStore } from '../../store/store.js';
import { ClipboardControls } from './ClipboardControls.js';
import { ConsoleStateNotice } from './ConsoleStateNotice.js';
import { useConsoleMode } from './console-mode.js';
import type { DisplayHandle, DisplayScreenProps, DisplayStatus, ScaleMode } from './display-screen.js';
import { detachConsole, isDetachedConsole } from './detach.js';
import { KeyboardGrab } from './KeyboardGrab.js';
import { saveScreenshot } from './screenshot.js';
import { SendKeyMenu } from './SendKeyMenu.js';
import { SerialConsole } from './SerialConsole.js';
import { takeTicket } from './ticket-prefetch.js';
import { useReconnect } from './use-reconnect.js';
import { VncScreen } from './VncScreen.js';
import { SpiceScreen } from './SpiceScreen.js';
import { chooseDisplay, chosenDisplay } from './display-choice.js';
import { RemoteViewerNote } from './RemoteViewerNote.js';

/** Video models whose guest takes the window's size when asked (QEMU passes the size on to them). */
const RESIZABLE_VIDEO = new Set(['qxl', 'virtio']);

const SCREENS: Partial<Record<ConsoleType, (p: DisplayScreenProps) => React.ReactNode>> = { vnc: VncScreen, spice: SpiceScreen };

export type ShellStatus = DisplayStatus | { kind: 'opening' } | { kind: 'failed'; message: string; hint?: string };

// Each ticket is one session and one mounted screen; keyed by a number, so the ticket itself
// stays out of React's tree.
const sessions = new WeakMap<ConsoleTicket, number>();
let lastSession = 0;
function sessionKey(t: ConsoleTicket): number {
  let id = sessions.get(t);
  if (id === undefined) sessions.set(t, (id = ++lastSession));
  return id;
}

/** VM states in which there is a display to connect to. */
const HAS_DISPLAY = new Set(['running', 'paused', 'blocked']);

export function ConsoleView({ target }: { target: DomainRef }) {
  const { t } = useTranslation();
  const vm = useStore((s) => s.domains[target.connection]?.[target.uuid]);
  const linkUp = useStore((s) => s.connections.find((c) => c.id === target.connection)?.state === 'connected');
  const [ticket, setTicket] = useState<ConsoleTicket | null>(null);
  const [status, setStatus] = useState<ShellStatus>({ kind: 'opening' });
  const [attempt, setAttempt] = useState(0);
  const [kind, setKind] = useState<ConsoleType | undefined>(() => chosenDisplay(target));
  const [scale, setScale] = useState<ScaleMode>('fit');
  const [grabbed, setGrabbed] = useState(false);
  const [guestText, setGuestText] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [fullscreen, setFullscreen] = useState(false);
  const display = useRef<DisplayHandle | null>(null);
  const section = useRef<HTMLElement>(null);
  // The name stays while the host is away (its VMs leave the store until it returns).
  const knownName = useRef(target.uuid);
  if (vm) knownName.current = vm.name;
  const name = knownName.current;
  const running = vm !== undefined && HAS_DISPLAY.has(vm.state);
  const [mode, setMode] = useConsoleMode(target);
  // Learning that the VM has a display must not start a second session.
  const serial = mode === 'serial';

  // Open a session whenever the VM has a display and no session is live.
  useEffect(() => {
    if (!running || !linkUp || serial) {
      setTicket(null);
      return;
    }
    let cancelled = false;
    setStatus({ kind: 'opening' });
    takeTicket(target, kind)
      .then((t) => {
        if (!cancelled) setTicket(t);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        // The display chosen earlier is gone from the VM: fall back to its first one.
        if (kind && err instanceof ApiError && err.messageId === 'console.noDisplayOfType') {
          chooseDisplay(target, undefined);
          return setKind(undefined);
        }
        const e = describeError(err);
        setStatus({ kind: 'failed', message: e.text, ...(e.hint ? { hint: e.hint } : {}) });
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- target is a new object each render: its fields are the dependencies
  }, [target.connection, target.uuid, running, linkUp, attempt, kind, serial]);

  const reconnect = useCallback(() => setAttempt((n) => n + 1), []);
  const reconnecting = useReconnect(status, running && linkUp, reconnect);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === section.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleFullscreen = async () => {
    if (document.fullscreenElement) return document.exitFullscreen();
    await section.current?.requestFullscreen();
    // In fullscreen Chromium lets the page keep keys like Alt+Tab and Escape for the guest.
    await (navigator as Navigator & { keyboard?: { lock?: () => Promise<void> } }).keyboard?.lock?.().catch(() => undefined);
  };

  const connected = status.kind === 'connected' && ticket !== null;
  const Screen = ticket ? SCREENS[ticket.type] : undefined;
  // Until the VM's devices are known, a display's failure may only mean it has none (text console).
  const statusKey = mode === null ? 'connecting' : reconnecting ? 'reconnecting' : status.kind === 'opening' ? 'connecting' : status.kind === 'failed' ? 'closed' : status.kind;
  return (
    <section className={`console${fullscreen ? ' fullscreen' : ''}`} aria-labelledby="console-title" ref={section}>
      <div className="console-bar">
        {isDetachedConsole() ? null : (
          <button type="button" onClick={() => openConsole(null)}>
            {t('console.back')}
          </button>
        )}
        <h2 id="console-title" title={name}>
          {t('console.title', { name })}
        </h2>
        <span className={`console-status ${statusKey}`} role="status">
          {running || !vm ? t(`console.status_${statusKey}`) : t('console.status_off')}
        </span>
        {serial ? null : <KeyboardGrab grabbed={grabbed} display={display} />}
        <span className="spacer" />
        {mode === null ? null : (
          <button type="button" onClick={() => setMode(mode === 'serial' ? 'graphics' : 'serial')}>
            {mode === 'serial' ? t('console.graphicalConsole') : t('console.serialConsole')}
          </button>
        )}
        <button type="button" onClick={() => void toggleFullscreen()}>
          {fullscreen ? t('console.exitFullscreen') : t('console.fullscreen')}
        </button>
        {isDetachedConsole() ? null : (
          <button type="button" onClick={() => void detachConsole(target)}>
            {t('console.detach')}
          </button>
        )}
      </div>
      <div className="console-bar tools">
        <SendKeyMenu target={target} disabled={!running} />
        {/* The text console has its own keyboard focus and clipboard (xterm's), and no picture. */}
        {serial ? null : (
          <>
            <button type="button" disabled={!connected} onClick={() => display.current?.sendCtrlAltDel()}>
              {t('console.ctrlAltDel')}
            </button>
            <ClipboardControls connected={connected} display={display} guestText={guestText} />
            <button type="button" disabled={!running} onClick={() => void saveScreenshot(target, name)}>
              {t('console.screenshot')}
            </button>
            <label className="select-label">
              {t('console.scale')}
              <select value={scale} onChange={(e) => setScale(e.target.value as ScaleMode)}>
                <option value="fit">{t('console.scale_fit')}</option>
                <option value="actual">{t('console.scale_actual')}</option>
                <option value="resize">{t('console.scale_resize')}</option>
              </select>
            </label>
            {scale === 'resize' && ticket && !RESIZABLE_VIDEO.has(ticket.videoModel ?? '') && (
              <span className="console-note" role="note">
                {ticket.videoModel ? t('console.resizeUnsupported', { model: ticket.videoModel.toUpperCase() }) : t('console.resizeNoVideo')}
              </span>
            )}
            {ticket && ticket.available.length > 1 && (
              <label className="select-label">
                {t('console.display')}
                <select
                  value={ticket.type}
                  onChange={(e) => {
                    const next = e.target.value as ConsoleType;
                    chooseDisplay(target, next);
                    setKind(next);
                  }}
                >
                  {ticket.available.map((k) => (
                    <option key={k} value={k}>
                      {t(`console.display_${k}`)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </>
        )}
      </div>
      {/* The text console words its own session's problems; the shell keeps the VM's and the host's.
          The display's are shown once the VM is known to have one (the ticket is asked for before). */}
      <ConsoleStateNotice
        target={target}
        vm={vm}
        linkUp={linkUp}
        status={mode === 'graphics' ? status : { kind: 'opening' }}
        reconnecting={mode === 'graphics' && reconnecting}
        onReconnect={reconnect}
      />
      {ticket?.type === 'spice' && running && <RemoteViewerNote target={target} type="spice" name={name} />}
      {status.kind === 'password' && (
        <form
          className="console-password"
          onSubmit={(e) => {
            e.preventDefault();
            display.current?.sendCredentials(password);
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
      {mode === 'serial' ? (
        <SerialConsole target={target} name={name} running={running} linkUp={linkUp} onStatus={setStatus} />
      ) : ticket && Screen && running ? (
        <Screen
          key={sessionKey(ticket)}
          ticket={ticket}
          scale={scale}
          onStatus={setStatus}
          onGuestClipboard={setGuestText}
          onKeyboardGrab={setGrabbed}
          handle={display}
          nextTicket={() => api().consoles.open({ ref: target, type: ticket.type })}
        />
      ) : (
        <div className="console-screen idle" data-testid="console-screen" />
      )}
    </section>
  );
}
