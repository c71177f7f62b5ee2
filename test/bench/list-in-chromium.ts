// The VM list in Chromium, measured the same way by the vm-list and stats benchmarks.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ConnectionStore } from '../../electron/node/connections/store.js';
import { TEST_DRIVER_DIRS_FILE } from '../../electron/node/connections/uri-gate.js';
import { PreferencesStore } from '../../electron/node/preferences-store.js';
import type { Preferences } from '../../electron/common/api/preferences.js';
import { startServe } from '../support/serve-process.js';
import { median } from './stats.js';
import { writeTestDriverFixture } from './test-driver-fixture.js';

/**
 * `npm run serve` on a fresh config with test:///default and one test-driver host per size
 * (that many running VMs each), opened in Chromium; resolves once every host is listed.
 */
export async function startListApp(sizes: readonly number[], preferences: Partial<Preferences> = {}): Promise<{ page: Page; testIdOf(n: number): string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-list-'));
  const connections = [{ id: 'demo', spec: { uri: 'test:///default', label: 'test', autoconnect: true } }];
  for (const n of sizes) {
    const file = join(dir, `vms-${n}.xml`);
    await writeTestDriverFixture(file, n);
    connections.push({ id: `vms-${n}`, spec: { uri: `test://${file}`, label: `vms-${n}`, autoconnect: true } });
  }
  await new ConnectionStore(join(dir, 'config')).save(connections);
  await writeFile(join(dir, 'config', TEST_DRIVER_DIRS_FILE), JSON.stringify({ dirs: [dir] }));
  await new PreferencesStore(join(dir, 'config')).update({ changes: preferences });
  const server = startServe(['--port', '0', '--config-dir', join(dir, 'config')], { checkResults: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const testIdOf = (n: number) => `connection-test://${join(dir, `vms-${n}.xml`)}`;
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(await server.ready);
  for (const n of sizes) await page.getByTestId(testIdOf(n)).getByText(`${n} of ${n} running`).waitFor({ timeout: 120_000 });
  return {
    page,
    testIdOf,
    async close() {
      await browser.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

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

/**
 * Clicks the host `testId` (after another one, so the list mounts afresh) and measures the time
 * to its first rows, the rows in the DOM, and frame intervals while scrolling top to bottom.
 */
export async function measureList(page: Page, testId: string, runs: number): Promise<{ firstRowsMs: number; domRows: number; frameMs: number; p95FrameMs: number }> {
  const firsts: number[] = [];
  const frames: number[] = [];
  let domRows = 0;
  for (let run = 0; run < runs; run++) {
    // Away and back, so each run lists the host afresh.
    await page.getByTestId('connection-test:///default').click();
    await page.getByRole('row', { name: /^test\b/ }).waitFor();
    const t0 = performance.now();
    await page.getByTestId(testId).click();
    await page.getByRole('row').filter({ hasText: 'bench-0000' }).waitFor();
    firsts.push(performance.now() - t0);
    domRows = await page.locator('.grid .body [role=row]').count();
    frames.push(...(await page.evaluate<number[]>(SCROLL_SCRIPT)));
  }
  const sorted = [...frames].sort((a, b) => a - b);
  return { firstRowsMs: median(firsts), domRows, frameMs: median(frames), p95FrameMs: sorted[Math.floor(sorted.length * 0.95)]! };
}
