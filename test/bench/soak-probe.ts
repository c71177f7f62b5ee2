// Loaded into the browser-mode server by the soak bench (`--import`, with `--expose-gc`): the
// backend's own figures, measured inside its process. Each SIGUSR2 appends one JSON line to the
// file named by VIRTDECK_SOAK_PROBE: the event-loop delay since the previous signal, then —
// after a full collection, so that garbage does not read as growth — RSS and heap. The
// collection's own pause is not counted in the next interval.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeRecord {
  /** Epoch ms. */
  t: number;
  /** Event-loop delay since the previous record, ms. */
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /** After a full GC (when the process runs with --expose-gc). */
  rssBytes: number;
  heapUsedBytes: number;
  gc: boolean;
}

const out = process.env.VIRTDECK_SOAK_PROBE;
if (out) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
  process.on('SIGUSR2', () => {
    const loop = { loopP50Ms: ms(delay.percentile(50)), loopP99Ms: ms(delay.percentile(99)), loopMaxMs: ms(delay.max) };
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const mem = process.memoryUsage();
    const record: ProbeRecord = { t: Date.now(), ...loop, rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, gc: collect !== undefined };
    appendFileSync(out, `${JSON.stringify(record)}\n`);
    delay.reset();
  });
}
