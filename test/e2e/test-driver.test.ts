// #17 item 10 on screen: libvirt's test driver has no bulk stats, so a VM's row has no vCPUs or
// memory from the list call; the rows on screen get them from getInfo (domains.extras), and the
// list shows them instead of "—". In Chromium, against test:///default added through the UI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addConnection, startApp, type App } from './support.js';

describe('a test-driver host in the VM list (browser mode, Chromium)', () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  it('shows the vCPUs and memory of the driver’s VM (read with getInfo), not “—”', async () => {
    const p = app.page;
    const conn = await addConnection(p, 'test:///default', async (dialog) => {
      await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'Test driver (demo)' });
    });
    // On its name: the card's middle now holds the host's page links.
    await conn.click({ position: { x: 24, y: 12 } });
    const grid = p.getByRole('grid');
    // The VM's row first: the headers are read once the list is on screen.
    await grid.getByTestId('vm-test').waitFor();
    const headers = (await grid.getByRole('columnheader').allTextContents()).map((s) => s.trim());
    const cellOf = (header: string) => {
      const i = headers.indexOf(header);
      assert.ok(i >= 0, `a ${header} column among ${headers.join(', ')}`);
      return grid.getByTestId('vm-test').getByRole('gridcell').nth(i);
    };
    // test:///default's one VM, "test": 2 vCPUs and 2 GiB (its fixed definition in libvirt).
    await cellOf('vCPUs').filter({ hasText: /^2$/ }).waitFor({ timeout: 30_000 });
    await cellOf('Memory')
      .filter({ hasText: /^2(\.0)? GiB$/ })
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(app.errors, []);
  });
});
