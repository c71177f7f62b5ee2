// `npm run bench -- console`: opening a console, measured in Debian's Chromium (browser mode)
// against real QEMU. For a local VNC VM (the tiny guest at its shell): the time from clicking
// `Open Console` to the first painted frame, median and p95, beside a bare reference (noVNC on
// a minimal WebSocket-to-TCP bridge) measured alternately in the same run; the same for SPICE
// (console-spice.ts). For a VNC VM on a qemu+ssh host: reopening its console against the first
// open (console-remote.ts).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { ConnectionStore } from '../../electron/node/connections/store.js';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor } from '../integration/native/support.js';
import { startServe } from '../support/serve-process.js';
import { READY_LINE, tinyGuest, tinyGuestDomainXML } from '../support/tiny-guest.js';
import { startReferenceConsole } from './console-reference.js';
import { measureRemoteReopen } from './console-remote.js';
import { measureSpiceFirstFrame } from './console-spice.js';
import { FIRST_FRAME_PROBE, firstFrameCall } from './first-frame-probe.js';
import { median, percentile, printResult, round } from './stats.js';

const OPENS = Math.max(20, Number(process.env.BENCH_OPENS ?? 20));
const WARMUP = 2;

export default async function main(): Promise<void> {
  const conn = await libvirt.open(SYSTEM_URI);
  const name = uniqueName('bench-console');
  const serialLog = `/var/log/libvirt/qemu/${name}-serial.log`;
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-console-'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  let server: ReturnType<typeof startServe> | undefined;
  let reference: Awaited<ReturnType<typeof startReferenceConsole>> | undefined;
  try {
    const dom = await conn.defineXML(tinyGuestDomainXML(name, await tinyGuest(), { serialLog }));
    await dom.create();
    await waitFor('the guest at its shell', async () => (await readFile(serialLog, 'utf8').catch(() => '')).includes(READY_LINE) || null, 120_000);
    const port = Number(/<graphics type='vnc' port='(\d+)'/.exec(await dom.XMLDesc(0))?.[1]);

    await new ConnectionStore(join(dir, 'config')).save([{ id: 'local', spec: { uri: SYSTEM_URI, autoconnect: true } }]);
    server = startServe(['--port', '0', '--config-dir', join(dir, 'config')], { checkResults: false });
    reference = await startReferenceConsole('127.0.0.1', port);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(FIRST_FRAME_PROBE);
    const app = await context.newPage();
    await app.goto(await server.ready);
    const ref = await context.newPage();
    await ref.goto(reference.url);

    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < WARMUP + OPENS; i++) {
      // The page measured is the tab in front: a tab behind gets its timers and frames throttled.
      await app.bringToFront();
      await app.getByTestId(`vm-${name}`).click();
      const a = await app.evaluate<number>(firstFrameCall('Open Console', '[data-testid=console-screen] canvas'));
      await app.getByRole('button', { name: 'Back' }).click();
      await app.getByRole('grid').waitFor();
      await ref.bringToFront();
      const b = await ref.evaluate<number>(firstFrameCall('Open', '#screen canvas'));
      if (i >= WARMUP) {
        ours.push(a);
        theirs.push(b);
      }
    }
    // BENCH_SAMPLES=1 prints every open, to see the spread behind the medians.
    if (process.env.BENCH_SAMPLES) console.log(JSON.stringify({ ours: ours.map(Math.round), theirs: theirs.map(Math.round) }));
    const firstFrameMs = median(ours);
    const refFirstFrameMs = median(theirs);
    await app.close();
    await ref.close();
    const spice = await measureSpiceFirstFrame({ opens: OPENS });
    const remote = await measureRemoteReopen({ opens: OPENS });
    printResult(
      {
        bench: 'console',
        opens: OPENS,
        firstFrameMs: round(firstFrameMs, 1),
        firstFrameP95Ms: round(percentile(ours, 95), 1),
        refFirstFrameMs: round(refFirstFrameMs, 1),
        refFirstFrameP95Ms: round(percentile(theirs, 95), 1),
        ratio: round(firstFrameMs / refFirstFrameMs, 2),
        ...spice,
        ...remote,
      },
      {
        firstFrameMs: 'click on Open Console to the first painted frame, local VNC (median)',
        firstFrameP95Ms: 'the same, 95th percentile (goal <= 300)',
        refFirstFrameMs: 'noVNC alone on a bare WebSocket-to-TCP bridge (median)',
        ratio: 'Virtdeck / reference (goal <= 1.1)',
        spiceFirstFrameMs: 'click on Open Console to the first painted frame, local SPICE (median)',
        remoteFirstOpenMs: 'qemu+ssh host: open to the display’s first bytes, first open (the ssh master signs in)',
        remoteReopenMs: 'the same for reopens on the running master (median)',
        remoteReopenRatio: 'reopen / first open (goal <= 0.1)',
      },
    );
  } finally {
    await browser.close();
    await server?.stop();
    await reference?.close();
    await purgeDomain(conn, name);
    await conn.close();
    await rm(dir, { recursive: true, force: true });
    await rm(serialLog, { force: true });
  }
}
