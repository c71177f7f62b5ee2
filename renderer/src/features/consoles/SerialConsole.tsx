// A VM's text console: xterm.js on libvirt's console stream, bridged by the backend. Safe by
// default: a console someone else holds is not taken unless the user confirms Force. The
// terminal lives as long as the component; sessions come and go inside it (device switch,
// VM stop and start, Reconnect), so scrollback survives a reboot.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SerialDevice } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { type ApiError } from '../../../../electron/common/api/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { asApiError, describeError } from '../../i18n/messages.js';
import { api } from '../../store/store.js';
import { adoptInlineStyles, inertStyleDocument, withInertStyles } from './adopt-styles.js';
import type { ShellStatus } from './ConsoleView.js';
import { connectSerial, discardTicket, type SerialEnd } from './serial-socket.js';

type Problem = { kind: 'in-use'; message: string; hint?: string } | { kind: 'ended'; why: SerialEnd; reason: string } | { kind: 'error'; message: string; hint?: string };

interface Props {
  target: DomainRef;
  name: string;
  /** The VM runs (or is paused): it has a console to attach to. */
  running: boolean;
  linkUp: boolean;
  onStatus(status: ShellStatus): void;
}

export function SerialConsole({ target, name, running, linkUp, onStatus }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const [devices, setDevices] = useState<SerialDevice[] | null>(null);
  const [device, setDevice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [confirmForce, setConfirmForce] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // Read by the next attempt only; a forced open is never repeated by itself.
  const force = useRef(false);
  const status = useRef(onStatus);
  status.current = onStatus;
  // Counts the VM's starts: a session outlives the VM stopping, so the backend's word on why
  // it ended reaches the terminal; a new start opens a new session.
  const [runs, setRuns] = useState(0);
  useEffect(() => {
    if (running) setRuns((n) => n + 1);
  }, [running]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const terminal = new Terminal({
      cursorBlink: true,
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#111111', foreground: '#e6e6e6' },
      documentOverride: inertStyleDocument(el.ownerDocument),
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    const unadopt = adoptInlineStyles(el);
    withInertStyles(el.ownerDocument, () => terminal.open(el));
    const refit = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    term.current = terminal;
    return () => {
      observer.disconnect();
      terminal.dispose();
      unadopt();
      term.current = null;
    };
  }, []);

  // Aliases exist once the VM runs, so the list is read again when it starts.
  useEffect(() => {
    if (!linkUp) return;
    let cancelled = false;
    api()
      .consoles.serialDevices({ ref: target })
      .then((list) => {
        if (cancelled) return;
        setDevices(list);
        setDevice((d) => (d !== null && list.some((x) => x.name === d && x.openable) ? d : (list.find((x) => x.openable)?.name ?? null)));
      })
      .catch((err: unknown) => {
        if (!cancelled) setProblem({ kind: 'error', ...messageOf(asApiError(err)) });
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- target is a new object each render: its fields are the dependencies
  }, [target.connection, target.uuid, running, linkUp]);

  useEffect(() => {
    const terminal = term.current;
    if (runs === 0 || !linkUp || device === null || !terminal) return;
    let cancelled = false;
    let socket: ReturnType<typeof connectSerial> | null = null;
    const forced = force.current;
    force.current = false;
    setProblem(null);
    status.current({ kind: 'connecting' });
    const input = terminal.onData((text) => socket?.send(text));
    api()
      .consoles.openSerial({ ref: target, device, ...(forced ? { force: true } : {}) })
      .then((ticket) => {
        if (cancelled) return discardTicket(ticket);
        socket = connectSerial(ticket, {
          open: () => {
            status.current({ kind: 'connected' });
            terminal.focus();
          },
          data: (bytes) => terminal.write(bytes),
          end: (why, reason) => {
            terminal.write(`\r\n\x1b[2m[${t(`serial.end_${why}`, { device, name })}]\x1b[0m\r\n`);
            setProblem({ kind: 'ended', why, reason });
            status.current({ kind: 'failed', message: t(`serial.end_${why}`, { device, name }) });
          },
        });
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        const e = asApiError(err);
        setProblem(e.code === 'in-use' ? { kind: 'in-use', ...messageOf(e) } : { kind: 'error', ...messageOf(e) });
        status.current({ kind: 'failed', message: describeError(e).text });
      });
    return () => {
      cancelled = true;
      input.dispose();
      socket?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- target's fields are the dependencies (a new object each render); a new name or language must not reconnect the console
  }, [target.connection, target.uuid, device, runs, linkUp, attempt]);

  const reconnect = () => setAttempt((n) => n + 1);
  const forceNow = () => {
    setConfirmForce(false);
    force.current = true;
    reconnect();
  };

  return (
    <div className="serial-console">
      <div className="serial-bar">
        <label className="select-label">
          {t('serial.device')}
          <select value={device ?? ''} disabled={!devices || devices.length === 0} onChange={(e) => setDevice(e.target.value)}>
            {devices?.map((d) => (
              <option key={d.name} value={d.name} disabled={!d.openable}>
                {t(d.openable ? 'serial.deviceOption' : 'serial.deviceOptionNotPty', { name: d.name, type: d.targetType, source: d.sourceType })}
              </option>
            ))}
          </select>
        </label>
        {running && linkUp && problem?.kind === 'in-use' ? (
          <button type="button" onClick={() => setConfirmForce(true)}>
            {t('serial.force')}
          </button>
        ) : null}
      </div>
      {devices && devices.length === 0 ? <Notice text={t('serial.noDevices', { name })} /> : null}
      {running && linkUp && problem ? (
        <Notice text={problemText(problem, t, device ?? '', name)}>
          {problem.kind !== 'in-use' ? (
            <button type="button" onClick={reconnect}>
              {t('console.reconnect')}
            </button>
          ) : null}
        </Notice>
      ) : null}
      <div className="serial-terminal" ref={box} data-testid="serial-terminal" aria-label={t('serial.terminal', { device: device ?? '' })} role="group" />
      {confirmForce ? (
        <ConfirmDialog
          title={t('serial.forceTitle', { device: device ?? '', name })}
          body={t('serial.forceBody', { device: device ?? '', name })}
          confirmLabel={t('serial.forceConfirm')}
          cancelLabel={t('console.cancel')}
          onConfirm={forceNow}
          onCancel={() => setConfirmForce(false)}
        />
      ) : null}
    </div>
  );
}

function messageOf(e: ApiError): { message: string; hint?: string } {
  const w = describeError(e);
  return { message: w.text, ...(w.hint ? { hint: w.hint } : {}) };
}

function problemText(p: Problem, t: TFunction, device: string, name: string): string {
  if (p.kind === 'ended') {
    const hint = p.why === 'vm-stopped' ? t('serial.stoppedHint') : p.why === 'taken-over' ? t('serial.takenOverHint') : '';
    const reason = p.why === 'failed' && p.reason ? ` (${p.reason})` : '';
    return `${t(`serial.end_${p.why}`, { device, name })}${reason} ${hint}`.trim();
  }
  return `${p.message}${p.hint ? ` ${p.hint}` : ''}`;
}

function Notice({ text, children }: { text: string; children?: React.ReactNode }) {
  return (
    <div className="console-notice" role="alert">
      <p>{text}</p>
      {children}
    </div>
  );
}
