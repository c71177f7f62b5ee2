// One live graph (uPlot, on canvas): created once, fed from the typed rings on every tick of
// its host (no React render per tick), the time axis sliding with the ticks.
import i18next from 'i18next';
import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { formatKiBValue, formatPercent, formatRate } from '../../i18n/format.js';
import { formatTime } from '../../i18n/index.js';
import type { Ring } from '../../stats/ring.js';
import { hostStats, onStats } from '../../stats/live.js';
import { binarySplits } from './graph-scale.js';
import { cssColor, onThemeChange } from './theme.js';

export type GraphKind = 'percent' | 'rate' | 'kib';

export interface GraphSeries {
  label: string;
  /** CSS variable of its colour; `${color}-fill` is its area fill. */
  color: string;
  /** The figure of a ring sample i, NaN when unknown. */
  value: (ring: Ring, i: number) => number;
  fill?: boolean;
  dash?: number[];
}

const formatters: Record<GraphKind, (v: number) => string> = {
  percent: (v) => formatPercent(v),
  rate: (v) => formatRate(v),
  kib: (v) => formatKiBValue(v),
};

/** The graph's data: seconds on x (uPlot's time scale), a column per series, null for gaps. */
export function columns(ring: Ring | null | undefined, since: number, series: readonly GraphSeries[]): uPlot.AlignedData {
  if (!ring) return [new Float64Array(0), ...series.map(() => [])];
  const from = ring.indexSince(since);
  const n = ring.length - from;
  const xs = new Float64Array(n);
  const ys = series.map(() => new Array<number | null>(n));
  for (let k = 0; k < n; k++) {
    const i = from + k;
    xs[k] = ring.time(i) / 1000;
    for (let s = 0; s < series.length; s++) {
      const v = series[s]!.value(ring, i);
      ys[s]![k] = Number.isNaN(v) ? null : v;
    }
  }
  return [xs, ...ys];
}

export function Graph(props: {
  testId: string;
  title: string;
  connection: ConnectionId;
  kind: GraphKind;
  series: GraphSeries[];
  windowSec: number;
  /** The ring to draw (the VM's or the host's), read on every draw. */
  ring: () => Ring | null | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const { connection, kind, series, windowSec, ring } = props;
  useEffect(() => {
    const el = box.current!;
    const color = (name: string) => () => cssColor(el, name);
    const fmt = formatters[kind];
    const h = hostStats(connection);
    const now = () => (h.t || Date.now()) / 1000;
    const axis = {
      stroke: color('--muted'),
      grid: { stroke: color('--line'), width: 1 },
      ticks: { stroke: color('--line'), width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 150,
      pxAlign: 0,
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      scales: {
        x: { time: true, range: () => [now() - windowSec, now()] },
        y: {
          range: (_u, _min, max) => {
            if (kind === 'percent') return [0, Math.max(100, max || 0)];
            // Headroom above the highest value, up to the next binary tick.
            const ticks = binarySplits(Math.max(max || 0, 1024) * 1.1, kind === 'kib' ? 1024 : 1);
            const step = ticks.length > 1 ? ticks[1]! : 1024;
            return [0, Math.ceil((Math.max(max || 0, 1024) * 1.05) / step) * step];
          },
        },
      },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((s) => formatTime(s * 1000)), space: 80, size: 32 },
        {
          ...axis,
          values: (_u, splits) => splits.map((s) => (s === 0 ? '0' : fmt(s))),
          size: 78,
          space: 24,
          ...(kind === 'percent' ? {} : { splits: (u: uPlot) => binarySplits(u.scales.y!.max ?? 0, kind === 'kib' ? 1024 : 1) }),
        },
      ],
      series: [
        { label: i18next.t('graphs.time'), value: (_u, v) => (v == null ? '' : formatTime(v * 1000)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: color(s.color),
          width: 1.5,
          ...(s.fill ? { fill: color(`${s.color}-fill`) } : {}),
          ...(s.dash ? { dash: s.dash } : {}),
          spanGaps: false,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v == null ? i18next.t('domains.unknown') : fmt(v)),
        })),
      ],
    };
    const since = () => (now() - windowSec) * 1000 - 2 * h.intervalMs;
    const plot = new uPlot(opts, columns(ring(), since(), series), el);
    plot.root.querySelector('canvas')?.setAttribute('aria-labelledby', titleId);
    plot.root.querySelector('canvas')?.setAttribute('role', 'img');
    const offTick = onStats((c) => {
      if (c === connection) plot.setData(columns(ring(), since(), series));
    });
    const offTheme = onThemeChange(() => plot.redraw(false, true));
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: 150 });
    });
    resize.observe(el);
    return () => {
      offTick();
      offTheme();
      resize.disconnect();
      plot.destroy();
    };
  }, [connection, kind, series, windowSec, ring, titleId]);
  return (
    <figure className="graph" data-testid={props.testId}>
      <figcaption id={titleId}>{props.title}</figcaption>
      <div ref={box} className="graph-plot" />
    </figure>
  );
}
