// `npm run bench -- vm-list`: the VM list in Debian's Chromium (browser mode) with 10,000 VMs
// against a baseline of 100 in the same run. Per size: the time from clicking the host to its
// first rows on screen (the list RPC, the store and the first render), the rows in the DOM
// (virtualization keeps it flat), and frame times while the list scrolls from top to bottom.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ConnectionStore } from '../../electron/node/connections/store.js';
import { startServe } from '../support/serve-process.js';
import { median, printResult, round } from './stats.js';
import { writeTestDriverFixture } from './test-driver-fixture.js';

const SIZES = [100, 10_000] as const;
const RUNS = 5;
const SCROLL_FRAMES = 120;

// Runs in the page (a string: the bench is typechecked without DOM types). Scrolls the list a
// step per animation frame and records each frame's interval.
const SCROLL_SCRIPT = `(async (frames) => {
  const body = document.querySelector('.grid .body');
  const step = Math.max(1, (body.scrollHeight - body.clientHeight) / frames);
  const times = [];
  let last = performance.now();
  for (let i = 0; i < frames; i++) {
    body.scrollTop = Math.min(body.scrollHeight, (i + 1) * step);
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  body.scrollTop = 0;
  return times;
})(${SCROLL_FRAMES})`;

async function measure(page: Page, testId: string): Promise<{ firstRowsMs: number; domRows: number; frameMs: number; p95FrameMs: number }> {
  const firsts: number[] = [];
  const frames: number[] = [];
  let domRows = 0;
  for (let run = 0; run < RUNS; run++) {
    // Away and back, so each run lists the host afresh.
    await page.getByTestId('connection-test:///default').click();
    await page.getByRole('row', { name: /^test\b/ }).waitFor();
    const t0 = performance.now();
    await page.getByTestId(testId).click();
    await page.getByRole('row').filter({ hasText: 'bench-0000' }).waitFor();
    firsts.push(performance.now() - t0);
    domRows = await page.locator('.grid .body [role=row]').count();
    frames.push(...((await page.evaluate(SCROLL_SCRIPT)) as number[]));
  }
  const sorted = [...frames].sort((a, b) => a - b);
  return { firstRowsMs: median(firsts), domRows, frameMs: median(frames), p95FrameMs: sorted[Math.floor(sorted.length * 0.95)]! };
}

export default async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-list-'));
  const store = new ConnectionStore(join(dir, 'config'));
  const connections = [{ id: 'demo', spec: { uri: 'test:///default', label: 'test', autoconnect: true } }];
  for (const n of SIZES) {
    const file = join(dir, `vms-${n}.xml`);
    await writeTestDriverFixture(file, n);
    connections.push({ id: `vms-${n}`, spec: { uri: `test://${file}`, label: `vms-${n}`, autoconnect: true } });
  }
  await store.save(connections);
  const server = startServe(['--port', '0', '--config-dir', join(dir, 'config')]);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(await server.ready);
    const results: Record<number, Awaited<ReturnType<typeof measure>>> = {};
    for (const n of SIZES) {
      await page.getByTestId(`connection-test://${join(dir, `vms-${n}.xml`)}`).getByText(`${n} of ${n} running`).waitFor({ timeout: 120_000 });
      results[n] = await measure(page, `connection-test://${join(dir, `vms-${n}.xml`)}`);
    }
    const small = results[SIZES[0]]!;
    const big = results[SIZES[1]]!;
    printResult(
      {
        bench: 'vm-list',
        runs: RUNS,
        firstRowsMs100: round(small.firstRowsMs, 1),
        firstRowsMs10k: round(big.firstRowsMs, 1),
        firstRowsRatio: round(big.firstRowsMs / small.firstRowsMs, 2),
        domRows100: small.domRows,
        domRows10k: big.domRows,
        frameMs100: round(small.frameMs, 1),
        frameMs10k: round(big.frameMs, 1),
        p95FrameMs10k: round(big.p95FrameMs, 1),
        frameRatio: round(big.frameMs / small.frameMs, 2),
      },
      {
        firstRowsMs100: 'click on the host to its first rows on screen, 100 VMs (median)',
        firstRowsMs10k: 'the same with 10,000 VMs',
        firstRowsRatio: '10k / 100 (100x the VMs)',
        domRows10k: 'rows in the DOM with 10,000 VMs (virtualized)',
        frameMs10k: 'median frame interval while scrolling 10,000 rows top to bottom',
        frameRatio: 'frame interval 10k / 100 (1.0: size does not matter)',
      },
    );
  } finally {
    await browser.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
