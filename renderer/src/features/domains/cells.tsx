// Cells of the VM table that have behaviour of their own: a ticking uptime and the autostart
// checkbox.
import i18next from 'i18next';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainSummary } from '../../../../electron/common/api/domains.js';
import { Emitter, type Unsubscribe } from '../../../../electron/common/events/emitter.js';
import { formatUptime } from '../../i18n/index.js';
import { api, notifyError } from '../../store/store.js';

// One clock for every uptime cell: a tick each second re-renders those cells only (no store
// update), and it stops when no cell is mounted.
const ticking = new Emitter<void>();
let now = Date.now();
let tick: ReturnType<typeof setTimeout> | undefined;
function next(): void {
  tick = setTimeout(
    () => {
      now = Date.now();
      ticking.emit();
      next();
    },
    1000 - (Date.now() % 1000),
  );
}
function subscribe(l: () => void): Unsubscribe {
  const off = ticking.on(l);
  if (tick === undefined) {
    now = Date.now();
    next();
  }
  return () => {
    off();
    if (ticking.size === 0 && tick !== undefined) {
      clearTimeout(tick);
      tick = undefined;
    }
  };
}
const getNow = () => now;

function Ticking(props: { startedAt: number }) {
  const at = useSyncExternalStore(subscribe, getNow);
  return <>{formatUptime(at - props.startedAt)}</>;
}

export function UptimeCell(props: { startedAt: number | undefined }) {
  const { t } = useTranslation();
  return (
    <div role="gridcell" className="uptime num">
      {props.startedAt !== undefined ? <Ticking startedAt={props.startedAt} /> : t('domains.unknown')}
    </div>
  );
}

/** labelledBy: the column header, whose text is the checkbox's visible label. */
export function AutostartCell(props: { domain: DomainSummary; labelledBy: string }) {
  const { t } = useTranslation();
  const d = props.domain;
  // The value asked for, shown until the backend's re-read of the VM arrives.
  const [pending, setPending] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!busy && pending !== null && d.autostart === pending) setPending(null);
  }, [busy, pending, d.autostart]);
  const checked = pending ?? d.autostart;
  const transient = !d.persistent;
  const toggle = () => {
    const want = !checked;
    setPending(want);
    setBusy(true);
    api()
      .domains.setAutostart({ ref: d.ref, autostart: want })
      .catch((err: unknown) => {
        setPending(null);
        notifyError(i18next.t('domains.autostartFailed', { name: d.name }), err);
      })
      .finally(() => setBusy(false));
  };
  return (
    <div role="gridcell" className="check" title={transient ? t('domains.autostartTransient') : undefined}>
      <input
        type="checkbox"
        aria-labelledby={props.labelledBy}
        checked={checked}
        disabled={transient || busy}
        aria-describedby={transient ? `transient-${d.ref.uuid}` : undefined}
        onChange={toggle}
        onClick={(e) => e.stopPropagation()}
      />
      {transient && (
        <span id={`transient-${d.ref.uuid}`} hidden>
          {t('domains.autostartTransient')}
        </span>
      )}
    </div>
  );
}
