// `npm run bench -- stats`: the stats sampler on 1,000 running domains of the test driver
// served through libvirtd (test+unix://), against the patterns it replaces, measured in the
// same run: a per-domain loop (info + memory + block + interface stats per VM) and one stats
// call per VM in sequence (cockpit-machines' pattern). Then the backend's event-loop delay while
// it samples at 1 Hz, and the VM list in Chromium with 10,000 VMs and live sparklines. Medians over BENCH_RUNS (default 10) runs; the last line is JSON.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import * as libvirt from 'virtdeck/native';
import type { StatsTick } from '../../electron/common/api/stats.js';
import { realTimers } from '../../electron/node/connections/manager.js';
import { ConnectionSampler, LIST_GROUPS } from '../../electron/node/stats/connection-sampler.js';
import { measureList, startListApp } from './list-in-chromium.js';
import { median, printResult, round } from './stats.js';

const DOMAINS = 1000;
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 10));
const LOOP_SECONDS = Number(process.env.BENCH_LOOP_SECONDS ?? 15);

/** Wall and CPU time of one call, in ms. */
async function measure(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

async function runs(n: number, fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await fn(); // warm-up
  const out: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < n; i++) out.push(await measure(fn));
  return { wall: median(out.map((o) => o.wall)), cpu: median(out.map((o) => o.cpu)) };
}

async function fixture(path: string): Promise<void> {
  const parts = ['<node>', "<network><name>bench-net</name><bridge name='benchbr0'/></network>"];
  for (let i = 0; i < DOMAINS; i++) {
    parts.push(
      `<domain type='test'><name>stats-${String(i).padStart(4, '0')}</name><uuid>${randomUUID()}</uuid><memory unit='MiB'>256</memory><vcpu>2</vcpu>` +
        `<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'><source file='/guest/disk${i}.img'/><target dev='vda' bus='virtio'/></disk>` +
        `<interface type='network'><source network='bench-net'/></interface></devices></domain>`,
    );
  }
  parts.push('</node>');
  await writeFile(path, parts.join('\n'));
}

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-stats-'));
  const file = join(dir, 'node.xml');
  await fixture(file);
  const conn = await libvirt.open(`test+unix://${file}`);
  try {
    const doms = await conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.ACTIVE);
    if (doms.length !== DOMAINS) throw new Error(`expected ${DOMAINS} running domains through libvirtd, found ${doms.length}`);
    // Device names, read once (not timed): the loop needs them, as a real poller would cache them.
    const nics = await Promise.all(doms.map(async (d) => /<interface[\s\S]*?<target dev='([^']+)'/.exec(await d.XMLDesc())![1]!));

    let ticks = 0;
    const sampler = new ConnectionSampler({
      connection: 'bench',
      conn,
      timers: realTimers,
      intervalMs: () => 1000,
      interest: () => ({ rows: 'all', detail: new Set(), host: true }),
      vcpusOf: () => 2,
      emit: (t: StatsTick) => {
        if (t.uuids.length !== DOMAINS) throw new Error(`a tick had ${t.uuids.length} rows`);
        ticks++;
      },
      failing: (m) => {
        if (m) throw new Error(`sampling failed: ${m}`);
      },
    });
    const sweep = await runs(RUNS, () => sampler.sample());
    if (ticks !== RUNS + 1) throw new Error(`expected ${RUNS + 1} ticks, got ${ticks}`);

    const loop = await runs(RUNS, async () => {
      for (let i = 0; i < doms.length; i++) {
        const d = doms[i]!;
        await d.info();
        await d.memoryStats();
        await d.blockStats('vda');
        await d.interfaceStats(nics[i]!);
      }
    });
    const perVm = await runs(RUNS, async () => {
      for (const d of doms) await conn.domainListGetStats([d], LIST_GROUPS);
    });

    // The backend's event loop while it samples 1,000 domains every second.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    sampler.start();
    await new Promise((r) => setTimeout(r, LOOP_SECONDS * 1000));
    sampler.stop();
    delay.disable();

    // The VM list with 10,000 VMs and its CPU sparklines while ticks arrive (every 500 ms).
    const app = await startListApp([10_000], { statsIntervalMs: 500, listColumns: ['cpu'] });
    let list: Awaited<ReturnType<typeof measureList>>;
    try {
      list = await measureList(app.page, app.testIdOf(10_000), 5);
    } finally {
      await app.close();
    }

    printResult(
      {
        bench: 'stats',
        domains: DOMAINS,
        runs: RUNS,
        sweepMs: round(sweep.wall, 2),
        sweepCpuMs: round(sweep.cpu, 2),
        loopMs: round(loop.wall, 1),
        loopCpuMs: round(loop.cpu, 1),
        perVmMs: round(perVm.wall, 1),
        ratioLoop: round(loop.wall / sweep.wall, 1),
        ratioPerVm: round(perVm.wall / sweep.wall, 1),
        eventLoopP99Ms: round(delay.percentile(99) / 1e6, 2),
        eventLoopMaxMs: round(delay.max / 1e6, 2),
        listMountMs: round(list.firstRowsMs, 1),
        listFps: round(1000 / list.frameMs, 1),
        listP95FrameMs: round(list.p95FrameMs, 1),
      },
      {
        sweepMs: 'one sampler tick: bulk call, rates, history rings, packed tick (median)',
        sweepCpuMs: 'this process’s CPU for it',
        loopMs: 'per VM: info + memory + block + interface stats, in sequence',
        perVmMs: 'one domainListGetStats per VM, in sequence',
        ratioLoop: 'loopMs / sweepMs (goal >= 50)',
        ratioPerVm: 'perVmMs / sweepMs (goal >= 15)',
        eventLoopP99Ms: `event-loop delay p99 while sampling at 1 Hz for ${LOOP_SECONDS} s (goal <= 5)`,
        listMountMs: 'Chromium, 10,000 VMs with CPU sparklines: click on the host to first rows (goal <= 150)',
        listFps: 'frames per second scrolling that list top to bottom as ticks arrive (goal >= 58)',
      },
    );
  } finally {
    await conn.close();
    await rm(dir, { recursive: true, force: true });
  }
}
