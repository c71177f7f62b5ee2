// A VM's details in Chromium (browser mode) against a real TCG VM on the local libvirtd: opened
// from the list (double-click) and by URL, the tab kept in the URL through reload, Back and
// Forward, the Performance tab's graphs, and screenshots of the tabs in light and dark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../integration/native/support.js';
import { artifacts, startApp, type App } from './support.js';

describe('VM details (browser mode, Chromium)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const name = uniqueName('details');
  let uuid = '';
  let hostId = '';

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.defineXML(tinyDomainXML(name, { graphics: 'none' }));
    await dom.create();
    uuid = (await dom.UUIDString()).toLowerCase();
    app = await startApp();
    await app.page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, name);
    await conn?.close();
  });

  const hash = () => app.page.evaluate<string>('location.hash');
  const tab = (label: string) => app.page.getByRole('tab', { name: label, exact: true });
  const selected = async (label: string) => (await tab(label).getAttribute('aria-selected')) === 'true';

  it('opens on the Overview from a double-click, with the VM’s name, UUID and state, at its URL', async () => {
    const page = app.page;
    // The list's place is in the URL: the first host.
    const listHash = await waitFor('the host in the URL', async () => /^#\/host\/[^/]+$/.exec(await hash())?.[0] ?? null);
    hostId = decodeURIComponent(listHash.split('/')[2]!);
    await page.getByTestId(`vm-${name}`).getByText('Running', { exact: true }).waitFor();
    await page.getByTestId(`vm-${name}`).dblclick();
    await page.getByRole('heading', { name }).waitFor();
    assert.equal(await selected('Overview'), true);
    const overview = page.getByTestId('vm-overview');
    await overview.getByText(uuid, { exact: true }).waitFor();
    await overview.getByText('QEMU', { exact: false }).first().waitFor();
    assert.match((await overview.textContent()) ?? '', /Running \(/);
    assert.equal(await hash(), `#/host/${encodeURIComponent(hostId)}/vm/${uuid}/overview`);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(artifacts, `vm-details-overview-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows graphs on the Performance tab, and keeps the tab through a reload', async () => {
    const page = app.page;
    await tab('Performance').click();
    assert.equal(await hash(), `#/host/${encodeURIComponent(hostId)}/vm/${uuid}/performance`);
    const canvas = page.getByTestId('graph-cpu').locator('canvas');
    await canvas.waitFor();
    await page.reload();
    await page.getByRole('heading', { name }).waitFor();
    assert.equal(await selected('Performance'), true, 'the reloaded page shows the same tab');
    await waitFor(
      'the CPU graph drawn after the reload',
      async () =>
        (await page
          .getByTestId('graph-cpu')
          .locator('canvas')
          .evaluate((el) => {
            const c = el as unknown as {
              width: number;
              height: number;
              getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
            };
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let drawn = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) drawn++;
            return drawn;
          })) > 0 || null,
    );
    for (const g of ['graph-memory', 'graph-disk', 'graph-network']) await page.getByTestId(g).locator('canvas').waitFor();
    await page.getByRole('table', { name: 'vCPUs' }).getByRole('row').nth(1).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(artifacts, `vm-details-performance-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('goes Back to the Overview and Forward to Performance with the browser’s history', async () => {
    const page = app.page;
    await page.goBack();
    await waitFor('the Overview after Back', async () => (await selected('Overview')) || null);
    assert.match(await hash(), /\/overview$/);
    await page.goForward();
    await waitFor('Performance after Forward', async () => (await selected('Performance')) || null);
    assert.match(await hash(), /\/performance$/);
  });

  it('opens a VM’s tab from its URL, and Escape returns to the list', async () => {
    const page = app.page;
    await page.goto(`${app.url.origin}/#/host/${encodeURIComponent(hostId)}/vm/${uuid}/overview`);
    await page.getByRole('heading', { name }).waitFor();
    assert.equal(await selected('Overview'), true);
    // An unknown tab in a URL shows the Overview, and the URL is corrected.
    await page.goto(`${app.url.origin}/#/host/${encodeURIComponent(hostId)}/vm/${uuid}/nosuchtab`);
    await waitFor('the corrected URL', async () => ((await hash()).endsWith('/overview') ? true : null));
    await page.getByRole('button', { name: 'Back', exact: true }).focus();
    await page.keyboard.press('Escape');
    await page.getByTestId(`vm-${name}`).waitFor();
    assert.match(await hash(), /^#\/host\/[^/]+$/);
    // Arrow keys move between the view tabs (the WAI-ARIA tabs pattern) and the URL follows.
    await tab('Virtual machines').focus();
    await page.keyboard.press('ArrowRight');
    await waitFor('the host Overview', async () => ((await hash()).endsWith('/overview') ? true : null));
    assert.equal(await selected('Overview'), true);
    assert.deepEqual(app.errors, []);
  });
});
