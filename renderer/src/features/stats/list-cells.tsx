// The VM list's live columns: CPU (sparkline and %), Memory %, Disk and Network rates. Their
// text and canvas follow the ticks by themselves (live-cells.tsx), not through React.
import i18next from 'i18next';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { formatPercent, formatRate } from '../../i18n/format.js';
import { FIELD, type HostStats } from '../../stats/host-stats.js';
import type { ListColumn } from './columns.js';
import { LiveText, Sparkline } from './live-cells.js';

/** The sum of two rates, unknown only when both are. */
function sum(h: HostStats, uuid: string, a: number, b: number): number {
  const x = h.value(uuid, a);
  const y = h.value(uuid, b);
  if (Number.isNaN(x) && Number.isNaN(y)) return Number.NaN;
  return (Number.isNaN(x) ? 0 : x) + (Number.isNaN(y) ? 0 : y);
}

const cpuText = (h: HostStats, u: string) => formatPercent(h.value(u, FIELD.cpuPct));
const memText = (h: HostStats, u: string) => formatPercent(h.value(u, FIELD.memPct));
const diskText = (h: HostStats, u: string) => formatRate(sum(h, u, FIELD.diskRdBps, FIELD.diskWrBps));
const diskTitle = (h: HostStats, u: string) => i18next.t('stats.diskTitle', { read: formatRate(h.value(u, FIELD.diskRdBps)), write: formatRate(h.value(u, FIELD.diskWrBps)) });
const netText = (h: HostStats, u: string) => formatRate(sum(h, u, FIELD.netRxBps, FIELD.netTxBps));
const netTitle = (h: HostStats, u: string) => i18next.t('stats.networkTitle', { rx: formatRate(h.value(u, FIELD.netRxBps)), tx: formatRate(h.value(u, FIELD.netTxBps)) });

/** Column widths for the list's grid template. */
export const LIVE_WIDTH: Record<ListColumn, string> = { cpu: '124px', memory: '92px', disk: '96px', network: '96px' };

// The sparkline's label, translated once per language with a marker where the name goes:
// formatting it per row and frame through i18next showed in scroll profiles.
const NAME = '\u0000';
let sparkTemplate: { lng: string; text: string } | null = null;
function sparkLabel(name: string): string {
  if (sparkTemplate?.lng !== i18next.language) sparkTemplate = { lng: i18next.language, text: i18next.t('stats.cpuSparkline', { name: NAME }) };
  return sparkTemplate.text.replace(NAME, name);
}

export function LiveCell(props: { column: ListColumn; connection: ConnectionId; uuid: string; name: string }) {
  const { column, connection, uuid } = props;
  if (column === 'cpu')
    return (
      <div role="gridcell" className="live cpu">
        <Sparkline connection={connection} uuid={uuid} label={sparkLabel(props.name)} />
        <LiveText connection={connection} uuid={uuid} text={cpuText} className="num" />
      </div>
    );
  if (column === 'memory')
    return (
      <div role="gridcell" className="num live">
        <LiveText connection={connection} uuid={uuid} text={memText} />
      </div>
    );
  if (column === 'disk')
    return (
      <div role="gridcell" className="num live">
        <LiveText connection={connection} uuid={uuid} text={diskText} title={diskTitle} />
      </div>
    );
  return (
    <div role="gridcell" className="num live">
      <LiveText connection={connection} uuid={uuid} text={netText} title={netTitle} />
    </div>
  );
}
