// `npm run bench -- soak [MINUTES]` (default 30; CI-sized runs use e.g. 2): the backend under a
// steady mixed load for that long, then whether it grew. Browser mode's server (its own
// process, as a user runs it) on qemu:///system with, all the time:
// - 3 VNC consoles of disk-less TCG VMs held open through the server's bridge, each reading a
//   whole screen (not incremental) every second through the RFB protocol;
// - live figures at 1 s for the bench's VMs and the host, with a watcher lease renewed as the
//   page renews it;
// - lifecycle churn: 2 more VMs started, paused, resumed and forced off in a loop through the
//   contract (each change comes back as events).
// The backend's RSS and heap (after a full GC) and its event-loop delay p99 are read inside
// the server (soak-probe.ts) after a warm-up and at the end. It reports the growth against a
// stated bound and whether the run stayed within it; a benchmark, so it asserts nothing. It
// stops by itself (or on Ctrl+C) and removes every VM it made (`soak-<pid>-<random>-…`).
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type WebSocket from 'ws';
import * as libvirt from 'virtdeck/native';
import type { ConsoleTicket } from '../../electron/common/api/consoles.js';
import type { DomainRef } from '../../electron/common/api/domains.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, waitFor } from '../integration/native/support.js';
import { openSocket, startSignedInServe, type Answer, type SignedInServe } from '../support/ws-client.js';
import { rfbHandshake } from './rfb-frames.js';
import type { ProbeRecord } from './soak-probe.js';
import { median, percentile, printResult, round } from './stats.js';

const CONSOLES = 3;
const CHURNED = 2;
/** The bounds the run is held to (printed with the figures). */
const RSS_GROWTH_BOUND_MIB = 50;
/** End p99 at most this factor of the start p99, plus a slack for a quiet start (timer granularity). */
const LOOP_P99_FACTOR = 1.5;
const LOOP_P99_SLACK_MS = 5;
const MiB = 1024 * 1024;

function minutesArg(): number {
  const arg = process.argv[3];
  if (arg === undefined) return 30;
  const m = Number(arg);
  if (!Number.isFinite(m) || m < 1 || m > 24 * 60) {
    console.error(`usage: npm run bench -- soak [MINUTES]   (1 to 1440, default 30; got ${JSON.stringify(arg)})`);
    process.exit(2);
  }
  return m;
}

/** Resolves after ms, or at once when the run is stopped. */
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

async function ok(call: SignedInServe['call'], method: string, params: unknown): Promise<unknown> {
  const r: Answer = await call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error?.code}: ${r.error?.message}`);
  return r.value;
}

export default async function soak(): Promise<void> {
  const minutes = minutesArg();
  const durationMs = minutes * 60_000;
  // Figures are taken after a warm-up (consoles open, a few churn cycles, the first GCs), and
  // the event-loop p99 over one window at the start and one at the end.
  const windowMs = Math.min(60_000, Math.max(10_000, durationMs / 10));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const prefix = `soak-${process.pid}-${randomBytes(3).toString('hex')}`;
  const consoleNames = Array.from({ length: CONSOLES }, (_, i) => `${prefix}-console-${i}`);
  const churnNames = Array.from({ length: CHURNED }, (_, i) => `${prefix}-churn-${i}`);
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-soak-'));
  const probeFile = join(dir, 'probe.jsonl');
  const conn = await libvirt.open(SYSTEM_URI);
  let serve: SignedInServe | undefined;
  const sockets: WebSocket[] = [];
  const tasks: Promise<void>[] = [];
  // A failure in any task ends the run and is reported, rather than leaving it half-loaded.
  let taskError: unknown;
  const task = (body: () => Promise<void>) =>
    tasks.push(
      body().catch((err: unknown) => {
        taskError ??= err;
        stop.abort();
      }),
    );
  try {
    const refs = async (names: string[], start: boolean): Promise<DomainRef[]> =>
      Promise.all(
        names.map(async (name) => {
          const dom = await conn.defineXML(tinyDomainXML(name, { graphics: 'vnc' }));
          if (start) await dom.create();
          return { connection: 'local', uuid: await dom.UUIDString() };
        }),
      );
    const consoleRefs = await refs(consoleNames, true);
    const churnRefs = await refs(churnNames, false);

    process.env.VIRTDECK_SOAK_PROBE = probeFile;
    const probe = pathToFileURL(join(import.meta.dirname, 'soak-probe.ts')).href;
    serve = await startSignedInServe([{ id: 'local', uri: SYSTEM_URI }], 60_000, { nodeArgs: ['--expose-gc', '--import', probe], checkResults: false });
    const { call, pid } = serve;
    const records: ProbeRecord[] = [];
    const sample = async (): Promise<ProbeRecord> => {
      process.kill(pid, 'SIGUSR2');
      const want = records.length + 1;
      const lines = await waitFor('the probe’s record', async () => {
        const l = (await readFile(probeFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
        return l.length >= want ? l : null;
      });
      const r = JSON.parse(lines[want - 1]!) as ProbeRecord;
      records.push(r);
      return r;
    };
    const t0 = Date.now();

    // Live figures at 1 s for the bench's VMs and the host, the lease renewed as a page does.
    await ok(call, 'preferences.update', { changes: { statsIntervalMs: 1000 } });
    const uuids = [...consoleRefs, ...churnRefs].map((r) => r.uuid);
    const interests = [{ connection: 'local', rows: uuids, detail: consoleRefs.map((r) => r.uuid), host: true }];
    const { leaseMs } = (await ok(call, 'stats.watch', { watcher: `${prefix}-watcher`, interests })) as { leaseMs: number };
    let leaseRenewals = 0;
    task(async () => {
      while (!stop.signal.aborted) {
        await pause(leaseMs / 3, stop.signal);
        if (stop.signal.aborted) break;
        await ok(call, 'stats.watch', { watcher: `${prefix}-watcher`, interests });
        leaseRenewals++;
      }
      await ok(call, 'stats.watch', { watcher: `${prefix}-watcher`, interests: [] });
    });

    // Three consoles, each reading a whole screen every second.
    const frameMs: number[] = [];
    let frames = 0;
    let frameBytes = 0;
    for (const ref of consoleRefs) {
      const t = (await ok(call, 'consoles.open', { ref })) as ConsoleTicket;
      const ws = await openSocket(`${serve.origin.replace(/^http/, 'ws')}${t.path}`, t.protocols, serve.headers);
      sockets.push(ws);
      const rfb = await rfbHandshake(ws);
      task(async () => {
        while (!stop.signal.aborted) {
          const f0 = performance.now();
          frameBytes += await rfb.fullFrame();
          frameMs.push(performance.now() - f0);
          frames++;
          await pause(1000, stop.signal);
        }
      });
    }

    // Lifecycle churn through the contract, one VM after the other.
    let cycles = 0;
    let churnErrors = 0;
    let lastChurnError = '';
    task(async () => {
      for (let i = 0; !stop.signal.aborted; i++) {
        const ref = churnRefs[i % churnRefs.length]!;
        for (const method of ['domains.start', 'domains.pause', 'domains.resume', 'domains.forceOff']) {
          if (stop.signal.aborted) return;
          const r = await call(method, { ref });
          if (!r.ok) {
            churnErrors++;
            lastChurnError = `${method}: ${r.error?.message}`;
          }
          await pause(250, stop.signal);
        }
        await ok(call, 'domains.list', { connection: 'local' });
        cycles++;
      }
    });

    await pause(windowMs, stop.signal);
    const warm = await sample(); // resets the delay histogram; RSS after warm-up
    await pause(windowMs, stop.signal);
    const first = await sample(); // event-loop delay over the first window after warm-up
    const endAt = t0 + durationMs;
    while (!stop.signal.aborted && Date.now() < endAt - windowMs) {
      await pause(Math.min(windowMs, endAt - windowMs - Date.now()), stop.signal);
      await sample(); // the trend in between (and the histogram reset before the last window)
    }
    await pause(Math.max(0, endAt - Date.now()), stop.signal);
    const last = await sample();
    const interrupted = stop.signal.aborted && !taskError;
    const ticks = ((await ok(call, 'stats.history', { connection: 'local', uuid: null, seconds: 60 })) as { times: number[] }).times;
    stop.abort();
    await Promise.all(tasks);
    if (taskError) throw new Error(`the soak stopped early: ${taskError instanceof Error ? taskError.message : JSON.stringify(taskError)}`);

    const rssGrowth = (last.rssBytes - warm.rssBytes) / MiB;
    const p99Bound = first.loopP99Ms * LOOP_P99_FACTOR + LOOP_P99_SLACK_MS;
    printResult(
      {
        bench: 'soak',
        minutes: round((Date.now() - t0) / 60_000, 2),
        interrupted: interrupted ? 'yes' : 'no',
        consoles: CONSOLES,
        consoleFrames: frames,
        consoleMiB: round(frameBytes / MiB, 1),
        frameMs: round(median(frameMs), 1),
        frameP99Ms: round(percentile(frameMs, 99), 1),
        churnCycles: cycles,
        churnErrors,
        statsTicksLastMinute: ticks.filter((t) => t >= Date.now() - 60_000).length,
        leaseRenewals,
        rssStartMiB: round(warm.rssBytes / MiB, 1),
        rssEndMiB: round(last.rssBytes / MiB, 1),
        rssMaxMiB: round(Math.max(...records.map((r) => r.rssBytes)) / MiB, 1),
        rssGrowthMiB: round(rssGrowth, 1),
        rssWithinBound: rssGrowth <= RSS_GROWTH_BOUND_MIB ? 'yes' : 'no',
        heapStartMiB: round(warm.heapUsedBytes / MiB, 1),
        heapEndMiB: round(last.heapUsedBytes / MiB, 1),
        loopP99StartMs: first.loopP99Ms,
        loopP99EndMs: last.loopP99Ms,
        loopMaxEndMs: last.loopMaxMs,
        loopP99WithinBound: last.loopP99Ms <= p99Bound ? 'yes' : 'no',
      },
      {
        interrupted: 'stopped early by Ctrl+C or SIGTERM',
        consoleFrames: `whole screens read over ${CONSOLES} VNC consoles through the server’s bridge (one per console per second)`,
        frameMs: 'request to last byte of a whole screen (median)',
        churnCycles: `start, pause, resume, force off of ${CHURNED} VMs in turn, through the contract`,
        churnErrors: churnErrors ? `last: ${lastChurnError}` : '',
        statsTicksLastMinute: 'host samples in the last minute (1 s interval: about 60)',
        rssStartMiB: `backend RSS after a full GC, ${round(windowMs / 1000, 0)} s into the run`,
        rssEndMiB: 'the same at the end',
        rssMaxMiB: `largest of the readings every ${round(windowMs / 1000, 0)} s`,
        rssGrowthMiB: `end - start (bound: <= ${RSS_GROWTH_BOUND_MIB} MiB)`,
        heapStartMiB: 'JS heap in use after a full GC',
        loopP99StartMs: `backend event-loop delay p99 over ${round(windowMs / 1000, 0)} s after the warm-up`,
        loopP99EndMs: `the same over the last ${round(windowMs / 1000, 0)} s`,
        loopP99WithinBound: `end <= ${LOOP_P99_FACTOR} x start + ${LOOP_P99_SLACK_MS} ms (here ${round(p99Bound, 1)} ms)`,
      },
    );
  } finally {
    stop.abort();
    await Promise.allSettled(tasks);
    for (const ws of sockets) ws.close();
    await serve?.close();
    for (const name of [...consoleNames, ...churnNames]) await purgeDomain(conn, name);
    await conn.close();
    await rm(dir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
