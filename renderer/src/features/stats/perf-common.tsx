// Shared by the Performance pages: the time window selector, the "figures failing" notice and
// the history a page keeps while open.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { declared, hostStats, onResume } from '../../stats/live.js';
import { api, useStore } from '../../store/store.js';

export const WINDOWS = [60, 300, 600] as const;
export type WindowSec = (typeof WINDOWS)[number];

export function WindowPicker(props: { value: WindowSec; onChange(v: WindowSec): void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="window-picker">
      <legend>{t('graphs.window')}</legend>
      {WINDOWS.map((w) => (
        <label key={w}>
          <input type="radio" name="graph-window" checked={props.value === w} onChange={() => props.onChange(w)} />
          {t(`graphs.window_${w}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function FailingNotice(props: { connection: ConnectionId; host: string }) {
  const { t } = useTranslation();
  const message = useStore((s) => s.statsFailing[props.connection]);
  if (!message) return null;
  return (
    <p className="stats-failing" role="status">
      {t('stats.failing', { host: props.host, message })}
    </p>
  );
}

/**
 * Keeps every figure of a VM (uuid) or of the host (null) while a Performance page is open,
 * and fills it with the last 10 minutes now and again after the page was hidden (no ticks
 * came meanwhile).
 */
export function useRetainedHistory(connection: ConnectionId, uuid: string | null): void {
  useEffect(() => {
    const h = hostStats(connection);
    if (uuid === null) h.retainHost();
    else h.retain(uuid);
    let live = true;
    const load = async () => {
      await declared();
      try {
        const history = await api().stats.history({ connection, uuid, seconds: 600 });
        if (live) h.seed(uuid, history);
      } catch {
        // not sampled yet (the host just connected): the ticks fill the graphs
      }
    };
    void load();
    const off = onResume(() => void load());
    return () => {
      live = false;
      off();
      if (uuid === null) h.releaseHost();
      else h.release(uuid);
    };
  }, [connection, uuid]);
}
