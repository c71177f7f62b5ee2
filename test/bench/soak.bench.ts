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
// the server (soak-probe.ts) after a warm-up and at the end. The loop delay of a loaded, shared
// machine is mostly the machine's: a control process (soak-control.ts: same Node options, same
// probe, nothing to do) is read over the same windows, and the backend is judged on its excess
// over the control, with the load average at both ends printed beside it. It reports the growth
// against stated bounds and whether the run stayed within them; a benchmark, so it asserts
// nothing. It stops by itself (or on Ctrl+C) and removes every VM it made
// (`soak-<pid>-<random>-…`) and the control.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type WebSocket from 'ws';
import * as libvirt from 'virtdeck/native';
import type { ConsoleTicket } from '../../electron/common/api/consoles.js';
import type { DomainRef } from '../../electron/common/api/domains.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, waitFor } from '../integration/native/support.js';
import { root } from '../support/serve-process.js';
import { openSocket, startSignedInServe, type Answer, type SignedInServe } from '../support/ws-client.js';
import { rfbHandshake } from './rfb-frames.js';
import type { ProbeRecord } from './soak-probe.js';
import { median, percentile, printResult, round } from './stats.js';

const CONSOLES = 3;
const CHURNED = 2;
/** The bounds the run is held to (printed with the figures). */
const RSS_GROWTH_BOUND_MIB = 50;
/**
 * The backend's excess of event-loop delay p99 over the control's at the end at most this factor
 * of the same excess at the start, plus a slack for a start with no excess (p99 granularity).
 */
const LOOP_EXCESS_FACTOR = 1.5;
const LOOP_EXCESS_SLACK_MS = 5;
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

/**
 * The control (soak-control.ts) with the Node options the server gets: serve-process.ts's own
 * (`--conditions=source --import tsx`) and the bench's (`nodeArgs`), in the same order.
 */
async function startControl(nodeArgs: string[], probeFile: string): Promise<ChildProcess> {
  const script = join(import.meta.dirname, 'soak-control.ts');
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ...nodeArgs, script], {
    cwd: root,
    env: { ...process.env, VIRTDECK_SOAK_PROBE: probeFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the control exited (${code ?? signal}) before it was ready`)));
  });
  return child;
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
  const controlFile = join(dir, 'control.jsonl');
  const conn = await libvirt.open(SYSTEM_URI);
  let serve: SignedInServe | undefined;
  let control: ChildProcess | undefined;
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
    const nodeArgs = ['--expose-gc', '--import', probe];
    serve = await startSignedInServe([{ id: 'local', uri: SYSTEM_URI }], 60_000, { nodeArgs, checkResults: false });
    control = await startControl(nodeArgs, controlFile);
    const { call, pid } = serve;
    const controlPid = control.pid!;
    const records: ProbeRecord[] = [];
    const recordNo = async (file: string, n: number, what: string): Promise<ProbeRecord> => {
      const lines = await waitFor(what, async () => {
        const l = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
        return l.length > n ? l : null;
      });
      return JSON.parse(lines[n]!) as ProbeRecord;
    };
    /** One reading of the backend and the control, their windows ending at the same instant. */
    const sample = async (): Promise<{ backend: ProbeRecord; control: ProbeRecord; load1: number }> => {
      process.kill(pid, 'SIGUSR2');
      process.kill(controlPid, 'SIGUSR2');
      const load1 = loadavg()[0]!;
      const n = records.length;
      const [backend, controlRecord] = await Promise.all([recordNo(probeFile, n, 'the probe’s record'), recordNo(controlFile, n, 'the control’s record')]);
      records.push(backend);
      return { backend, control: controlRecord, load1 };
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
    const warm = (await sample()).backend; // resets the delay histograms; RSS after warm-up
    await pause(windowMs, stop.signal);
    const first = await sample(); // event-loop delay over the first window after warm-up
    const endAt = t0 + durationMs;
    while (!stop.signal.aborted && Date.now() < endAt - windowMs) {
      await pause(Math.min(windowMs, endAt - windowMs - Date.now()), stop.signal);
      await sample(); // the trend in between (and the histogram reset before the last window)
    }
    await pause(Math.max(0, endAt - Date.now()), stop.signal);
    const lastReading = await sample();
    const last = lastReading.backend;
    const interrupted = stop.signal.aborted && !taskError;
    const ticks = ((await ok(call, 'stats.history', { connection: 'local', uuid: null, seconds: 60 })) as { times: number[] }).times;
    stop.abort();
    await Promise.all(tasks);
    if (taskError) throw new Error(`the soak stopped early: ${taskError instanceof Error ? taskError.message : JSON.stringify(taskError)}`);

    const rssGrowth = (last.rssBytes - warm.rssBytes) / MiB;
    const excess = (r: { backend: ProbeRecord; control: ProbeRecord }) => r.backend.loopP99Ms - r.control.loopP99Ms;
    const excessStart = excess(first);
    const excessEnd = excess(lastReading);
    // A negative start excess (the control's p99 above the backend's: noise) counts as none.
    const excessBound = Math.max(0, excessStart) * LOOP_EXCESS_FACTOR + LOOP_EXCESS_SLACK_MS;
    const ratio = (r: { backend: ProbeRecord; control: ProbeRecord }) => (r.control.loopP99Ms > 0 ? round(r.backend.loopP99Ms / r.control.loopP99Ms, 2) : 'n/a');
    const windowS = round(windowMs / 1000, 0);
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
        cores: availableParallelism(),
        loadStart: round(first.load1, 2),
        loadEnd: round(lastReading.load1, 2),
        loopP99StartMs: first.backend.loopP99Ms,
        controlP99StartMs: first.control.loopP99Ms,
        loopExcessStartMs: round(excessStart, 2),
        loopRatioStart: ratio(first),
        loopP99EndMs: last.loopP99Ms,
        controlP99EndMs: lastReading.control.loopP99Ms,
        loopExcessEndMs: round(excessEnd, 2),
        loopRatioEnd: ratio(lastReading),
        loopMaxEndMs: last.loopMaxMs,
        controlMaxEndMs: lastReading.control.loopMaxMs,
        loopExcessWithinBound: excessEnd <= excessBound ? 'yes' : 'no',
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
        cores: 'CPUs Node may use on this machine',
        loadStart: 'machine load average (1 min) when the start window closed',
        loadEnd: 'the same when the end window closed',
        loopP99StartMs: `backend event-loop delay p99 over ${windowS} s after the warm-up`,
        controlP99StartMs: 'the control’s (an idle Node process, same options and probe) over the same window',
        loopExcessStartMs: 'backend - control: the backend’s own share',
        loopRatioStart: 'backend / control',
        loopP99EndMs: `backend p99 over the last ${windowS} s`,
        controlP99EndMs: 'the control’s over the same window',
        loopExcessEndMs: 'backend - control',
        loopRatioEnd: 'backend / control',
        loopMaxEndMs: 'backend’s longest delay in the last window',
        controlMaxEndMs: 'the control’s',
        loopExcessWithinBound: `end excess <= ${LOOP_EXCESS_FACTOR} x max(0, start excess) + ${LOOP_EXCESS_SLACK_MS} ms (here ${round(excessBound, 1)} ms)`,
      },
    );
  } finally {
    stop.abort();
    await Promise.allSettled(tasks);
    for (const ws of sockets) ws.close();
    await serve?.close();
    if (control && control.exitCode === null && control.signalCode === null) {
      const exited = new Promise((resolve) => control!.once('exit', resolve));
      control.kill('SIGTERM');
      await exited;
    }
    for (const name of [...consoleNames, ...churnNames]) await purgeDomain(conn, name);
    await conn.close();
    await rm(dir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
