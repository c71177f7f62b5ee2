// Shared by the Performance pages: the time window selector and the "figures failing" notice.
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { useStore } from '../../store/store.js';

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
