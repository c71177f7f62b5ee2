import { useVirtualizer } from '@tanstack/react-virtual';
import type { DomainStateName } from '../../../../electron/common/api/domains.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { formatKiB } from '../../i18n/index.js';
import { showing } from '../../store/extras.js';
import { visibleDomains } from '../../store/selectors.js';
import { openDetails, setFilter, setSelection, sortBy, useStore, type SortKey } from '../../store/store.js';
import { useStatsInterest } from '../../stats/live.js';
import { ColumnChooser } from '../stats/ColumnChooser.js';
import { shownColumns, type ListColumn } from '../stats/columns.js';
import { LIVE_WIDTH, LiveCell } from '../stats/list-cells.js';
import { actionForKey } from './actions.js';
import { AutostartCell, UptimeCell } from './cells.js';
import { DomainMenu } from './DomainMenu.js';
import { requestAction } from './lifecycle.js';
import './domains.css';
import { describeErrorData } from '../../i18n/messages.js';
import type { UiLabelKey } from '../../i18n/resources.js';

const ROW = 32;
type Column = { key: SortKey | null; label: UiLabelKey; id: string; className?: string; width: string; live?: ListColumn };
const FIXED: Column[] = [
  { key: 'name', label: 'domains.col_name', id: 'col-name', width: 'minmax(120px, 2fr)' },
  { key: 'title', label: 'domains.col_title', id: 'col-title', width: 'minmax(60px, 1.2fr)' },
  // 136px: “Shut off (saved)” with its icon is 128px wide.
  { key: 'state', label: 'domains.col_state', id: 'col-state', width: 'minmax(136px, 1fr)' },
];
// “Running” with its icon and a “Restart pending” badge is about 190px wide (longer states give way).
const FIXED_PENDING: Column[] = FIXED.map((c) => (c.key === 'state' ? { ...c, width: 'minmax(204px, 1fr)' } : c));
const REST: Column[] = [
  { key: 'vcpus', label: 'domains.col_vcpus', id: 'col-vcpus', className: 'num', width: '52px' },
  { key: 'memory', label: 'domains.col_memory', id: 'col-memory', className: 'num', width: '76px' },
  { key: 'uptime', label: 'domains.col_uptime', id: 'col-uptime', className: 'num', width: '84px' },
  { key: null, label: 'domains.col_autostart', id: 'col-autostart', className: 'check', width: '76px' },
  { key: null, label: 'domains.col_addresses', id: 'col-addresses', width: 'minmax(90px, 1.2fr)' },
];
const LIVE: Record<ListColumn, Column> = {
  cpu: { key: null, label: 'stats.col_cpu', id: 'col-live-cpu', width: LIVE_WIDTH.cpu, live: 'cpu' },
  memory: { key: null, label: 'stats.col_memory', id: 'col-live-memory', className: 'num', width: LIVE_WIDTH.memory, live: 'memory' },
  disk: { key: null, label: 'stats.col_disk', id: 'col-live-disk', className: 'num', width: LIVE_WIDTH.disk, live: 'disk' },
  network: { key: null, label: 'stats.col_network', id: 'col-live-network', className: 'num', width: LIVE_WIDTH.network, live: 'network' },
};
const ACTIVE = new Set(['running', 'paused', 'blocked', 'shutdown', 'pmsuspended', 'crashed']);
const STATES: DomainStateName[] = ['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended'];

export function DomainTable() {
  const { t } = useTranslation();
  const rows = useStore(visibleDomains);
  const { selected, filter, sort, connection, loaded } = useStore(
    useShallow((s) => ({
      selected: s.selected,
      filter: s.filter,
      sort: s.sort,
      connection: s.connections.find((c) => c.id === s.selectedConnection),
      loaded: s.selectedConnection ? s.domains[s.selectedConnection] !== undefined : false,
    })),
  );
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  // Looked up once per language, not once per row and frame while the list scrolls.
  const label = useMemo(
    () => ({
      state: Object.fromEntries(STATES.map((s) => [s, t(`domains.state_${s}`)])) as Record<DomainStateName, string>,
      savedState: t('domains.savedState'),
      unknown: t('domains.unknown'),
      restartPending: t('hardware2.restartPending'),
      restartPendingTitle: t('hardware2.restartPendingTitle'),
    }),
    [t],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<number>(-1);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  const extras = useStore((s) => (s.selectedConnection ? s.extras[s.selectedConnection] : undefined));
  const items = virtual.getVirtualItems();
  // Titles and addresses are per-VM calls: ask only for the rows on screen (see store/extras.ts).
  const onScreen = items.map((v) => rows[v.index]?.ref.uuid ?? '').join(' ');
  const connectionId = connection?.id ?? null;
  useEffect(() => {
    showing(connectionId, onScreen ? onScreen.split(' ') : []);
  }, [connectionId, onScreen]);
  // Live columns: the figures of the running VMs on screen, nothing when no live column shows.
  const live = useStore(useShallow((s) => shownColumns(s.preferences?.listColumns)));
  // A row on screen with "Restart pending" widens the state column so the state's words still show.
  const pendingShown = items.some((v) => {
    const d = rows[v.index];
    return d !== undefined && d.state !== 'shutoff' && extras?.[d.ref.uuid]?.pendingRestart === true;
  });
  const columns = useMemo(() => [...(pendingShown ? FIXED_PENDING : FIXED), ...live.map((c) => LIVE[c]), ...REST], [live, pendingShown]);
  const template = columns.map((c) => c.width).join(' ');
  // The columns' least widths, gaps and padding: below it the grid scrolls sideways.
  const gridMin = columns.reduce((sum, c) => sum + Number(/(\d+)px/.exec(c.width)?.[1] ?? 0) + 12, 8);
  const liveRows = live.length && connectionId ? items.flatMap((v) => (rows[v.index] && ACTIVE.has(rows[v.index]!.state) ? [rows[v.index]!.ref.uuid] : [])) : [];
  useStatsInterest(liveRows.length && connectionId ? [{ connection: connectionId, rows: liveRows, detail: [], host: false }] : null);

  const pick = (i: number, e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => {
    const uuid = rows[i]!.ref.uuid;
    if (e.shiftKey && anchor.current >= 0) {
      const [a, b] = [Math.min(anchor.current, i), Math.max(anchor.current, i)];
      setSelection(rows.slice(a, b + 1).map((r) => r.ref.uuid));
    } else if (e.ctrlKey || e.metaKey) {
      setSelection(selected.includes(uuid) ? selected.filter((u) => u !== uuid) : [...selected, uuid]);
      anchor.current = i;
    } else {
      setSelection([uuid]);
      anchor.current = i;
    }
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (rows.length === 0) return;
    if (e.key === 'Enter' && !e.ctrlKey && !e.altKey && !e.shiftKey && !e.metaKey && selected.length > 0 && e.target === e.currentTarget) {
      const d = rows.find((r) => r.ref.uuid === selected.at(-1));
      if (d) {
        e.preventDefault();
        return openDetails(d.ref);
      }
    }
    const action = actionForKey(e);
    if (action) {
      e.preventDefault();
      return requestAction(action);
    }
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const focused = (e.currentTarget as HTMLElement).querySelector('.row.selected')?.getBoundingClientRect();
      return setMenu({ x: (focused?.left ?? 0) + 40, y: (focused?.bottom ?? 0) + 2 });
    }
    const current = rows.findIndex((r) => r.ref.uuid === selected.at(-1));
    let next = current;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, current + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, current - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      return setSelection(rows.map((r) => r.ref.uuid));
    } else return;
    e.preventDefault();
    pick(next, e);
    virtual.scrollToIndex(next);
  };

  let empty: string | null = null;
  if (!connection) empty = t('domains.selectHost');
  else if (connection.state !== 'connected') empty = connection.error ? describeErrorData(connection.error).text : t('domains.notConnected');
  else if (!loaded) empty = t('domains.loading');
  else if (rows.length === 0) empty = filter ? t('domains.noMatch') : t('domains.empty');

  return (
    <section className="domains" aria-labelledby="domains-heading">
      <div className="domains-head">
        <h2 id="domains-heading">{t('domains.heading')}</h2>
        <div className="domains-tools">
          <label className="filter">
            <span>{t('domains.filter')}</span>
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          <ColumnChooser />
        </div>
      </div>
      <div
        className="grid"
        style={{ '--grid-min': `${gridMin}px` } as React.CSSProperties}
        role="grid"
        aria-labelledby="domains-heading"
        aria-rowcount={rows.length + 1}
        aria-multiselectable="true"
        tabIndex={0}
        onKeyDown={onKey}
      >
        <div className="row head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div
              key={c.label}
              id={c.id}
              className={c.className}
              role="columnheader"
              aria-sort={c.key && sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              {c.key ? (
                <button type="button" onClick={() => sortBy(c.key!)}>
                  {t(c.label)}
                </button>
              ) : (
                t(c.label)
              )}
            </div>
          ))}
        </div>
        <div className="body" ref={scroller}>
          {empty ? (
            <p className="empty">{empty}</p>
          ) : (
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {items.map((v, position) => {
                const d = rows[v.index]!;
                const x = extras?.[d.ref.uuid];
                const ips = x?.addresses.join(', ') ?? '';
                // Drivers without bulk stats: the figures come with the row's extras (getInfo).
                const vcpus = d.vcpus ?? x?.vcpus;
                const memoryKiB = d.memoryKiB ?? x?.memoryKiB;
                const isSel = selectedSet.has(d.ref.uuid);
                return (
                  <div
                    // Keyed by place on screen, not by VM: scrolling hands the same rows (and
                    // their sparkline canvases) new VMs instead of building new ones each frame.
                    // Cells with state of their own (the autostart checkbox) are keyed by VM.
                    key={position}
                    role="row"
                    aria-rowindex={v.index + 2}
                    aria-selected={isSel}
                    data-testid={`vm-${d.name}`}
                    className={`row${isSel ? ' selected' : ''}`}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${v.start}px)`, gridTemplateColumns: template }}
                    onClick={(e) => pick(v.index, e)}
                    onDoubleClick={() => openDetails(d.ref)}
                    onContextMenu={(e) => {
                      e.preventDefault();
                      if (!isSel) pick(v.index, { shiftKey: false, ctrlKey: false, metaKey: false });
                      setMenu({ x: e.clientX, y: e.clientY });
                    }}
                  >
                    <div role="gridcell" className="name" title={d.name}>
                      {d.name}
                    </div>
                    <div role="gridcell" className="title" title={x?.title}>
                      {x?.title ?? ''}
                    </div>
                    <div role="gridcell" className="state-cell">
                      <span className={`state-icon ${d.state}`} aria-hidden="true" />
                      <span className="state-text">{label.state[d.state]}</span>
                      {d.hasManagedSave && <span className="tag"> ({label.savedState})</span>}
                      {/* The extras say so only for a running VM, and only for rows on screen. */}
                      {x?.pendingRestart && d.state !== 'shutoff' && (
                        <span className="restart-pending" title={label.restartPendingTitle} data-testid="restart-pending">
                          {label.restartPending}
                        </span>
                      )}
                    </div>
                    {live.map((c) => (
                      <LiveCell key={c} column={c} connection={d.ref.connection} uuid={d.ref.uuid} name={d.name} />
                    ))}
                    <div role="gridcell" className="num">
                      {vcpus ?? label.unknown}
                    </div>
                    <div role="gridcell" className="num">
                      {memoryKiB !== undefined ? formatKiB(memoryKiB) : label.unknown}
                    </div>
                    <UptimeCell startedAt={d.state === 'shutoff' ? undefined : d.startedAt} />
                    <AutostartCell key={d.ref.uuid} domain={d} labelledBy="col-autostart" />
                    <div role="gridcell" className="addresses" title={ips || undefined}>
                      {ips}
                    </div>
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
      {menu && <DomainMenu x={menu.x} y={menu.y} onClose={() => setMenu(null)} />}
    </section>
  );
}
