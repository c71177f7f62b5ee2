// Top: every VM of every connected host in one table, sortable by any column, its figures
// read from the typed buffers at each tick (only the rows on screen render: virtualized).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { DomainSummary } from '../../../../electron/common/api/domains.js';
import { formatCpuTime, formatPercent, formatRate } from '../../i18n/format.js';
import { FIELD, type HostStats } from '../../stats/host-stats.js';
import { hostStats, onStats, useStatsInterest } from '../../stats/live.js';
import { connectionLabel } from '../connections/connection-label.js';
import { openDetails, selectConnection, useStore } from '../../store/store.js';

const ROW = 30;
type TextKey = 'host' | 'name' | 'state';
type NumKey = 'cpu' | 'memory' | 'diskRd' | 'diskWr' | 'netRx' | 'netTx' | 'cpuTime';
type TopKey = TextKey | NumKey;

const NUMERIC: Record<NumKey, { field: number; format: (v: number) => string }> = {
  cpu: { field: FIELD.cpuPct, format: (v) => formatPercent(v) },
  memory: { field: FIELD.memPct, format: (v) => formatPercent(v) },
  diskRd: { field: FIELD.diskRdBps, format: (v) => formatRate(v) },
  diskWr: { field: FIELD.diskWrBps, format: (v) => formatRate(v) },
  netRx: { field: FIELD.netRxBps, format: (v) => formatRate(v) },
  netTx: { field: FIELD.netTxBps, format: (v) => formatRate(v) },
  cpuTime: { field: FIELD.cpuTimeSec, format: (v) => formatCpuTime(v) },
};
const COLUMNS: TopKey[] = ['host', 'name', 'state', 'cpu', 'memory', 'diskRd', 'diskWr', 'netRx', 'netTx', 'cpuTime'];
const isNum = (k: TopKey): k is NumKey => k in NUMERIC;
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const stateOrder = ['running', 'paused', 'blocked', 'shutdown', 'pmsuspended', 'crashed', 'shutoff', 'nostate'];

interface TopRow {
  host: string;
  connection: string;
  d: DomainSummary;
}

/** A number that changes with every tick of any host (re-renders only this view's rows on screen). */
function useAnyTick(): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (notify: () => void) =>
      onStats(() => {
        version.current++;
        notify();
      }),
    [],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}

export function TopView() {
  const { t } = useTranslation();
  const connected = useStore(useShallow((s) => s.connections.filter((c) => c.state === 'connected')));
  const domains = useStore((s) => s.domains);
  const [sort, setSort] = useState<{ key: TopKey; descending: boolean }>({ key: 'cpu', descending: true });
  useStatsInterest(connected.map((c) => ({ connection: c.id, rows: 'all' as const, detail: [], host: false })));
  useAnyTick();

  const all = useMemo(() => {
    const out: TopRow[] = [];
    for (const c of connected) for (const d of Object.values(domains[c.id] ?? {})) out.push({ host: connectionLabel(c, connected), connection: c.id, d });
    return out;
  }, [connected, domains]);

  // Sorted on every render (each tick): the figures move, so does the order. Keys are read
  // once into a typed array rather than per comparison.
  const stats = new Map<string, HostStats>(connected.map((c) => [c.id, hostStats(c.id)]));
  const value = (r: TopRow, k: NumKey) => stats.get(r.connection)!.value(r.d.ref.uuid, NUMERIC[k].field);
  const order = all.map((_, i) => i);
  const dir = sort.descending ? -1 : 1;
  if (isNum(sort.key)) {
    const k = sort.key;
    const keys = new Float64Array(all.length);
    all.forEach((r, i) => (keys[i] = value(r, k)));
    order.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      // Unknown figures (VMs not running) come last either way.
      if (Number.isNaN(x) || Number.isNaN(y)) return (Number.isNaN(x) ? 1 : 0) - (Number.isNaN(y) ? 1 : 0) || collator.compare(all[a]!.d.name, all[b]!.d.name);
      return (x - y) * dir || collator.compare(all[a]!.d.name, all[b]!.d.name);
    });
  } else {
    const k = sort.key;
    order.sort((a, b) => {
      const ra = all[a]!;
      const rb = all[b]!;
      const r = k === 'host' ? collator.compare(ra.host, rb.host) : k === 'state' ? stateOrder.indexOf(ra.d.state) - stateOrder.indexOf(rb.d.state) : 0;
      return (r || collator.compare(ra.d.name, rb.d.name)) * dir;
    });
  }

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: order.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 8 });
  const sortBy = (key: TopKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : isNum(key) }));

  return (
    <section className="top" aria-labelledby="top-heading">
      <h2 id="top-heading">{t('views.topHeading')}</h2>
      <div className="grid top-grid" role="grid" aria-labelledby="top-heading" aria-rowcount={order.length + 1}>
        <div className="row top-row head" role="row" aria-rowindex={1}>
          {COLUMNS.map((k) => (
            <div key={k} role="columnheader" className={isNum(k) ? 'num' : undefined} aria-sort={sort.key === k ? (sort.descending ? 'descending' : 'ascending') : undefined}>
              <button type="button" onClick={() => sortBy(k)}>
                {t(`top.col_${k}`)}
              </button>
            </div>
          ))}
        </div>
        {/* Focusable so the keyboard scrolls it (arrows, Page Up/Down). */}
        <div className="body" ref={scroller} role="rowgroup" tabIndex={0}>
          {order.length === 0 ? (
            <p className="empty">{t('top.empty')}</p>
          ) : (
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((v) => {
                const r = all[order[v.index]!]!;
                return (
                  <div
                    key={`${r.connection}/${r.d.ref.uuid}`}
                    role="row"
                    aria-rowindex={v.index + 2}
                    className="row top-row"
                    data-testid={`top-${r.d.name}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${v.start}px)` }}
                    onDoubleClick={() => {
                      selectConnection(r.connection);
                      openDetails(r.d.ref);
                    }}
                  >
                    <div role="gridcell" title={r.host}>
                      {r.host}
                    </div>
                    <div role="gridcell" className="name" title={r.d.name}>
                      {r.d.name}
                    </div>
                    <div role="gridcell">
                      <span className={`state-icon ${r.d.state}`} aria-hidden="true" />
                      {t(`domains.state_${r.d.state}`)}
                    </div>
                    {(Object.keys(NUMERIC) as NumKey[]).map((k) => (
                      <div key={k} role="gridcell" className={`num top-${k}`}>
                        {NUMERIC[k].format(value(r, k))}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
