// SPICE first frame in Chromium, browser mode: from clicking `Open Console` for a running SPICE
// VM (SeaBIOS on a qxl screen, real QEMU) to the first animation frame whose console canvas
// shows more than one colour, timed in the page by the same probe as the VNC figure. Between
// opens the console goes back to the list, so each open is a new session.
import * as libvirt from 'virtdeck/native';
import { startApp } from '../e2e/support.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../integration/native/support.js';
import { FIRST_FRAME_PROBE, firstFrameCall } from './first-frame-probe.js';
import { median, percentile, round } from './stats.js';

const SPICE_CANVAS = '[data-testid=console-screen].spice canvas';

/** Median and p95 over `opens` opens (after one untimed warm-up open) of SPICE's first painted frame. */
export async function measureSpiceFirstFrame(opts: { opens: number }): Promise<{ spiceFirstFrameMs: number; spiceFirstFrameP95Ms: number }> {
  const conn = await libvirt.open(SYSTEM_URI);
  const name = uniqueName('bench-spice');
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await (await conn.defineXML(tinyDomainXML(name, { graphics: 'spice' }))).create();
    app = await startApp();
    const page = app.page;
    await page.evaluate(FIRST_FRAME_PROBE);
    const times: number[] = [];
    // One warm-up open: the bundle's first parse, QEMU's first SPICE client, SeaBIOS done drawing.
    for (let i = 0; i <= opts.opens; i++) {
      await page.getByTestId(`vm-${name}`).click();
      const ms = await page.evaluate<number>(firstFrameCall('Open Console', SPICE_CANVAS));
      if (i > 0) times.push(ms);
      await page.getByRole('button', { name: 'Back' }).click();
      await page.getByRole('grid').waitFor();
    }
    if (app.errors.length) throw new Error(`the page failed: ${app.errors.join('; ')}`);
    return { spiceFirstFrameMs: round(median(times), 1), spiceFirstFrameP95Ms: round(percentile(times, 95), 1) };
  } finally {
    await app?.close();
    await purgeDomain(conn, name);
    await conn.close();
  }
}
