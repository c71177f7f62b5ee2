// Cells that follow the ticks without React: a CPU sparkline canvas and texts, registered
// while mounted and drawn once per animation frame for the host that ticked.
import { memo, useEffect, useRef } from 'react';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { SPARK_SAMPLES, type HostStats } from '../../stats/host-stats.js';
import { hostStats, onStats } from '../../stats/live.js';
import { cssColor, onThemeChange } from './theme.js';

interface Entry {
  connection: ConnectionId;
  uuid: string;
}

const sparklines = new Map<HTMLCanvasElement, Entry>();

// Sparklines have a fixed size (styles.css .sparkline) and one colour pair per theme: drawing
// one must not read layout or computed styles, or scrolling a long list (30 new rows a frame)
// turns into a forced reflow per row.
export const SPARK_CSS_W = 64;
export const SPARK_CSS_H = 20;
let colors: { line: string; fill: string } | null = null;
function sparkColors(): { line: string; fill: string } {
  colors ??= { line: cssColor(document.documentElement, '--graph-1'), fill: cssColor(document.documentElement, '--graph-1-fill') };
  return colors;
}
onThemeChange(() => (colors = null));
const texts = new Map<HTMLElement, Entry & { text: (h: HostStats, uuid: string) => string; title?: (h: HostStats, uuid: string) => string }>();

onStats((connection) => {
  const h = hostStats(connection);
  const { line, fill } = sparkColors();
  for (const [canvas, e] of sparklines) {
    if (e.connection === connection) drawSparkline(canvas, h, e.uuid, line, fill);
  }
  for (const [el, e] of texts) {
    if (e.connection !== connection) continue;
    const v = e.text(h, e.uuid);
    if (el.textContent !== v) el.textContent = v;
    if (e.title) {
      const t = e.title(h, e.uuid);
      if (el.title !== t) el.title = t;
    }
  }
});

onThemeChange(() => {
  const { line, fill } = sparkColors();
  for (const [canvas, e] of sparklines) drawSparkline(canvas, hostStats(e.connection), e.uuid, line, fill);
});

/** CPU % over the last SPARK_SAMPLES ticks, newest at the right edge, gaps where unknown. */
export function drawSparkline(canvas: HTMLCanvasElement, h: HostStats, uuid: string, line: string, fill: string): void {
  const dpr = window.devicePixelRatio || 1;
  const w = SPARK_CSS_W;
  const ht = SPARK_CSS_H;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(ht * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(ht * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, ht);
  const ring = h.spark.get(uuid);
  if (!ring || ring.length === 0) return;
  const span = SPARK_SAMPLES * h.intervalMs;
  const end = h.t;
  const start = end - span;
  const x = (t: number) => ((t - start) / span) * (w - 1);
  const y = (v: number) => ht - 1 - (Math.min(100, Math.max(0, v)) / 100) * (ht - 2);
  // Runs of known samples, each a filled area under a line.
  const runs: [number, number][] = [];
  let from = -1;
  for (let i = ring.indexSince(start); i <= ring.length; i++) {
    const ok = i < ring.length && !Number.isNaN(ring.value(i, 0));
    if (ok && from < 0) from = i;
    if (!ok && from >= 0) {
      runs.push([from, i - 1]);
      from = -1;
    }
  }
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const [a, b] of runs) {
    ctx.beginPath();
    ctx.moveTo(x(ring.time(a)), y(ring.value(a, 0)));
    for (let i = a + 1; i <= b; i++) ctx.lineTo(x(ring.time(i)), y(ring.value(i, 0)));
    if (a === b) ctx.lineTo(x(ring.time(a)) - 2, y(ring.value(a, 0)));
    ctx.strokeStyle = line;
    ctx.stroke();
    ctx.lineTo(x(ring.time(b)), ht);
    ctx.lineTo(x(ring.time(a)), ht);
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
  }
}

export const Sparkline = memo(function Sparkline(props: { connection: ConnectionId; uuid: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current!;
    sparklines.set(canvas, { connection: props.connection, uuid: props.uuid });
    const { line, fill } = sparkColors();
    drawSparkline(canvas, hostStats(props.connection), props.uuid, line, fill);
    return () => void sparklines.delete(canvas);
  }, [props.connection, props.uuid]);
  return <canvas ref={ref} className="sparkline" role="img" aria-label={props.label} data-testid="cpu-sparkline" />;
});

/** A text that follows the ticks: `text` is a module-level function of the host's figures. */
export const LiveText = memo(function LiveText(props: {
  connection: ConnectionId;
  uuid: string;
  text: (h: HostStats, uuid: string) => string;
  title?: (h: HostStats, uuid: string) => string;
  className?: string;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  const { connection, uuid, text, title } = props;
  useEffect(() => {
    const el = ref.current!;
    texts.set(el, { connection, uuid, text, ...(title ? { title } : {}) });
    const h = hostStats(connection);
    el.textContent = text(h, uuid);
    if (title) el.title = title(h, uuid);
    return () => void texts.delete(el);
  }, [connection, uuid, text, title]);
  return <span ref={ref} className={props.className} />;
});
