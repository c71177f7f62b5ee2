// SPICE first frame in Chromium, browser mode: from clicking `Open Console` for a running SPICE
// VM (SeaBIOS on a qxl screen, real QEMU) to the first animation frame whose console canvas
// shows more than one colour. Timed in the page (click and frames on the page's own clock);
// between opens the console goes back to the list, so each open is a new session.
import type { Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { startApp } from '../e2e/support.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../integration/native/support.js';
import { median } from './stats.js';

/**
 * Runs in the page: clicks Open Console and resolves with the ms until a frame shows the guest's
 * screen. No named inner functions: tsx would wrap them in a helper the page does not have.
 */
async function openAndTimeFirstFrame(timeoutMs: number): Promise<number> {
  type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  type Doc = {
    querySelector(s: string): Canvas2d | null;
    querySelectorAll(s: string): ArrayLike<{ textContent: string | null; click(): void }>;
  };
  const g = globalThis as unknown as { document: Doc; requestAnimationFrame(cb: () => void): void };
  const button = Array.from(g.document.querySelectorAll('button')).find((b) => b.textContent === 'Open Console');
  if (!button) throw new Error('no Open Console button');
  const t0 = performance.now();
  button.click();
  for (;;) {
    await new Promise<void>((r) => g.requestAnimationFrame(r));
    const now = performance.now();
    const c = g.document.querySelector('[data-testid=console-screen].spice canvas');
    if (c && c.width && c.height) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const first = (d[0]! << 16) | (d[1]! << 8) | d[2]!;
      for (let i = 4 * 97; i < d.length; i += 4 * 97) if (((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!) !== first) return now - t0;
    }
    if (now - t0 > timeoutMs) throw new Error(`no SPICE frame within ${timeoutMs} ms`);
  }
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function backToList(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('grid').waitFor();
}

/** Median and p95 over `opens` opens (after one untimed warm-up open) of SPICE's first painted frame. */
export async function measureSpiceFirstFrame(opts: { opens: number }): Promise<{ spiceFirstFrameMs: number; spiceFirstFrameP95Ms: number }> {
  const conn = await libvirt.open(SYSTEM_URI);
  const name = uniqueName('bench-spice');
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await (await conn.defineXML(tinyDomainXML(name, { graphics: 'spice' }))).create();
    app = await startApp();
    const page = app.page;
    await page.getByTestId(`vm-${name}`).click();
    // Warm-up: the bundle's first parse, QEMU's first SPICE client, SeaBIOS done drawing.
    await page.evaluate(openAndTimeFirstFrame, 120_000);
    await backToList(page);
    const times: number[] = [];
    for (let i = 0; i < opts.opens; i++) {
      await page.getByTestId(`vm-${name}`).click();
      times.push(await page.evaluate(openAndTimeFirstFrame, 60_000));
      await backToList(page);
    }
    if (app.errors.length) throw new Error(`the page failed: ${app.errors.join('; ')}`);
    return { spiceFirstFrameMs: Math.round(median(times) * 10) / 10, spiceFirstFrameP95Ms: Math.round(percentile(times, 95) * 10) / 10 };
  } finally {
    await app?.close();
    await purgeDomain(conn, name);
    await conn.close();
  }
}
