// Live figures in Chromium (browser mode) against real TCG VMs on the local libvirtd: the
// list's CPU sparklines, a VM's Performance page, the Top view, the host's Performance page,
// the column chooser and the preferences, with screenshots in light and dark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../integration/native/support.js';
import { artifacts, startApp, type App } from './support.js';

/** Pixels drawn on a canvas and a hash of them, read in the page. */
function canvasPixels(canvas: Locator): Promise<{ drawn: number; hash: number; width: number }> {
  return canvas.evaluate((el) => {
    const c = el as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    let hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3]! > 0) drawn++;
      hash = (Math.imul(hash, 31) + d[i]! + (d[i + 1]! << 8) + (d[i + 2]! << 16) + (d[i + 3]! << 24)) | 0;
    }
    return { drawn, hash, width: c.width };
  });
}

/** Waits until the canvas shows something, then until it shows something else (the next ticks). */
async function drawsAndMoves(what: string, canvas: Locator): Promise<void> {
  const first = await waitFor(`${what} drawn`, async () => {
    const p = await canvasPixels(canvas);
    return p.drawn > 0 ? p : null;
  });
  await waitFor(`${what} changing with the ticks`, async () => (await canvasPixels(canvas)).hash !== first.hash);
}

const percent = (s: string) => (/^[\d.,]+\s?%$/.test(s.trim()) ? Number(s.replace(/[^\d.]/g, '')) : Number.NaN);

describe('live figures (browser mode, Chromium)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const busy = uniqueName('stats-a');
  const idle = uniqueName('stats-b');
  const off = uniqueName('stats-off');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    for (const n of [busy, idle, off]) await conn.defineXML(tinyDomainXML(n, { graphics: 'none' }));
    for (const n of [busy, idle]) await (await conn.lookupByName(n)).create();
    app = await startApp();
    await app.page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
  });
  after(async () => {
    await app?.close();
    for (const n of [busy, idle, off]) await purgeDomain(conn, n);
    await conn?.close();
  });

  const row = (name: string) => app.page.getByTestId(`vm-${name}`);

  it('draws a CPU sparkline per running VM in the list, moving with the ticks', async () => {
    await row(busy).getByText('Running', { exact: true }).waitFor();
    const spark = row(busy).getByRole('img', { name: `CPU use of ${busy} over the last minute` });
    await drawsAndMoves('the sparkline', spark);
    // Its percentage is there too, and a shut-off VM shows none.
    await row(busy).locator('.live.cpu .num').filter({ hasText: /%$/ }).waitFor();
    assert.equal(await row(off).locator('.live.cpu .num').textContent(), '—');
    assert.equal((await canvasPixels(row(off).getByTestId('cpu-sparkline'))).drawn, 0, 'no line for a VM that does not run');
    assert.deepEqual(app.errors, []);
  });

  it('adds and removes list columns from the Columns menu, saved in the preferences', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Columns', exact: true }).click();
    const disk = page.getByRole('checkbox', { name: 'Disk', exact: true });
    const network = page.getByRole('checkbox', { name: 'Network', exact: true });
    const memory = page.getByRole('checkbox', { name: 'Memory %', exact: true });
    assert.equal(await page.getByRole('checkbox', { name: 'CPU', exact: true }).isChecked(), true);
    await disk.check();
    await network.check();
    await memory.check();
    await page.getByRole('columnheader', { name: 'Disk', exact: true }).waitFor();
    await page.getByRole('columnheader', { name: 'Network', exact: true }).waitFor();
    await row(busy).locator('.live.num').filter({ hasText: /B\/s$/ }).first().waitFor();
    await page.screenshot({ path: join(artifacts, 'stats-columns-menu-light.png') });
    await page.keyboard.press('Escape');
    await disk.waitFor({ state: 'detached' });
    // The Preferences dialog shows the same choice (it came back from the backend).
    await page.getByRole('button', { name: 'Preferences', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Preferences' });
    assert.equal(await dialog.getByRole('checkbox', { name: 'Disk', exact: true }).isChecked(), true);
    assert.equal(await dialog.getByRole('spinbutton', { name: 'Polling interval (seconds)' }).inputValue(), '1');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('saves list screenshots in light and dark themes', async () => {
    await row(busy).click();
    await waitFor('a few samples in the sparkline', async () => (await canvasPixels(row(busy).getByTestId('cpu-sparkline'))).drawn > 25);
    for (const scheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme: scheme });
      await app.page.screenshot({ path: join(artifacts, `stats-list-${scheme}.png`) });
    }
    await app.page.emulateMedia({ colorScheme: 'light' });
  });

  it('opens a VM’s Performance page from the list (Enter) with a moving CPU graph, and Back returns', async () => {
    const page = app.page;
    await row(busy).click();
    await page.getByRole('grid').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: busy }).waitFor();
    // Details open on the Overview; Performance is the next tab.
    assert.equal(await page.getByRole('tab', { name: 'Overview', exact: true }).getAttribute('aria-selected'), 'true');
    await page.getByRole('tab', { name: 'Performance', exact: true }).click();
    assert.equal(await page.getByRole('tab', { name: 'Performance', exact: true }).getAttribute('aria-selected'), 'true');
    const graph = page.getByTestId('graph-cpu');
    const canvas = graph.locator('canvas');
    await drawsAndMoves('the CPU graph', canvas);
    // Hovering shows the values under the cursor, as a percentage.
    const box = (await graph.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
    await waitFor('the hovered CPU value', async () => /%/.test((await graph.locator('.u-legend').textContent()) ?? ''));
    for (const g of ['graph-memory', 'graph-disk', 'graph-network']) await page.getByTestId(g).locator('canvas').waitFor();
    await graph.getByText('CPU use').waitFor();
    // The time window: 10 minutes.
    await page.getByRole('radio', { name: '10 min', exact: true }).check();
    await drawsAndMoves('the CPU graph over 10 minutes', page.getByTestId('graph-cpu').locator('canvas'));
    // Per-device detail arrives in the ticks.
    await page.getByRole('table', { name: 'vCPUs' }).getByRole('row').nth(1).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
      await page.screenshot({ path: join(artifacts, `stats-vm-performance-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await row(busy).waitFor();
    assert.deepEqual(app.errors, []);
  });

  it('lists every VM in Top, sorted by CPU % when its header is clicked', async () => {
    const page = app.page;
    await page.getByRole('tab', { name: 'Top', exact: true }).click();
    for (const n of [busy, idle, off]) await page.getByTestId(`top-${n}`).waitFor();
    const cpuHeader = page.getByRole('button', { name: 'CPU %', exact: true });
    const ordered = async (descending: boolean) => {
      type Row = { getBoundingClientRect(): { top: number }; querySelector(s: string): { textContent: string | null } | null };
      const cells = await page.locator('.top-row:not(.head)').evaluateAll((rows) =>
        (rows as unknown as Row[])
          .map((r) => ({ top: r.getBoundingClientRect().top, cpu: r.querySelector('.top-cpu')?.textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .map((r) => r.cpu),
      );
      const values = cells.map(percent);
      const known = values.filter((v) => !Number.isNaN(v));
      // Unknown figures (shut-off VMs) come last; the known ones are in order.
      if (values.slice(known.length).some((v) => !Number.isNaN(v))) return false;
      return known.length >= 2 && known.every((v, i) => i === 0 || (descending ? known[i - 1]! >= v : known[i - 1]! <= v));
    };
    const header = page.getByRole('columnheader', { name: 'CPU %' });
    if ((await header.getAttribute('aria-sort')) !== null) await page.getByRole('button', { name: 'Name', exact: true }).click();
    await cpuHeader.click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    await waitFor('rows in descending CPU order', () => ordered(true));
    await cpuHeader.click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    await waitFor('rows in ascending CPU order', () => ordered(false));
    await cpuHeader.click();
    await page
      .getByTestId(`top-${busy}`)
      .locator('.top-cpuTime')
      .filter({ hasText: /^\d+:\d\d:\d\d$/ })
      .waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(artifacts, `stats-top-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows the host’s Performance page with CPU and memory graphs', async () => {
    const page = app.page;
    await page.getByRole('tab', { name: 'Performance', exact: true }).click();
    await page.getByRole('heading', { name: /^Performance of / }).waitFor();
    const cpu = page.getByTestId('graph-host-cpu');
    await drawsAndMoves('the host CPU graph', cpu.locator('canvas'));
    await drawsAndMoves('the host memory graph', page.getByTestId('graph-host-memory').locator('canvas'));
    await cpu.getByText('VMs’ share').waitFor();
    const box = (await cpu.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
    await waitFor('the hovered host CPU value', async () => /\d\s?%/.test((await cpu.locator('.u-legend').textContent()) ?? ''));
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(artifacts, `stats-host-performance-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('tab', { name: 'Virtual machines', exact: true }).click();
    assert.deepEqual(app.errors, []);
  });

  it('changes the polling interval in Preferences', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Preferences', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Preferences' });
    const interval = dialog.getByRole('spinbutton', { name: 'Polling interval (seconds)' });
    await interval.fill('20');
    assert.equal(await dialog.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true, '20 s is out of range');
    await interval.fill('0.5');
    await dialog.getByRole('checkbox', { name: 'Disk I/O', exact: true }).uncheck();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(artifacts, 'stats-preferences-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Preferences', exact: true }).click();
    assert.equal(await dialog.getByRole('spinbutton', { name: 'Polling interval (seconds)' }).inputValue(), '0.5');
    assert.equal(await dialog.getByRole('checkbox', { name: 'Disk I/O', exact: true }).isChecked(), false);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('renews its lease while shown, declares nothing while hidden (no ticks), and resumes when shown', async () => {
    const page = app.page;
    const ticks: number[] = [];
    const watches: { at: number; empty: boolean }[] = [];
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string' && f.payload.includes('"topic":"stats.tick"')) ticks.push(Date.now());
      });
      ws.on('framesent', (f) => {
        if (typeof f.payload === 'string' && f.payload.includes('"method":"stats.watch"')) watches.push({ at: Date.now(), empty: f.payload.includes('"interests":[]') });
      });
    });
    await page.reload(); // the page's WebSocket opens again, now observed
    await row(busy).waitFor();
    await waitFor('ticks arriving', () => ticks.length >= 2);
    // The backend's lease is 6 s: the window declares again every 2 s without any change.
    await waitFor('the lease renewed', () => watches.filter((w) => !w.empty).length >= 3, 20_000);

    // What a minimized window or a background tab reports. (A string: tsx would wrap a getter
    // written here in a helper the page does not have.)
    await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'hidden'; } });
      document.dispatchEvent(new Event('visibilitychange'));`);
    await waitFor('an empty declaration', () => watches.at(-1)?.empty);
    const hiddenAt = watches.at(-1)!.at;
    // Nothing is sampled for a hidden window: after the tick that may be in flight, none comes
    // for many intervals (0.5 s since the preferences test), and the window renews nothing.
    await waitFor('four quiet seconds', () => Date.now() - Math.max(hiddenAt, ticks.at(-1) ?? 0) > 4000, 20_000, 200);
    assert.ok(ticks.filter((t) => t > hiddenAt + 1000).length === 0, 'no tick a second after the page hid');
    assert.equal(watches.filter((w) => w.at > hiddenAt).length, 0, 'no renewal while hidden');

    const before = ticks.length;
    // The prototype's getter again.
    await page.evaluate(`delete document.visibilityState; document.dispatchEvent(new Event('visibilitychange'));`);
    await waitFor('ticks again once shown', () => ticks.length >= before + 2);
    await drawsAndMoves('the sparkline after the page was shown again', row(busy).getByTestId('cpu-sparkline'));
    assert.deepEqual(app.errors, []);
  });
});
