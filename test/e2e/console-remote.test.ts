// A VM's VNC console on a remote host: a qemu+ssh connection to the loopback sshd added in the
// dialog, the display on the far side's loopback reached through the backend's ssh master, in
// Chromium in browser mode. Then a display the far side refuses (the test driver over
// test+ssh), said in words in the console view, and no ssh left once the connections close.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor, xmlEscape } from '../integration/native/support.js';
import { connectionsTo, sshDescendants } from '../support/ssh-processes.js';
import { addConnection, artifacts, sshFields, startApp, waitForPixels, type App } from './support.js';

const PORT = 2222;
const QEMU_SSH = `qemu+ssh://root@127.0.0.1:${PORT}/system`;
const TEST_SSH = `test+ssh://root@127.0.0.1:${PORT}/default`;

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const masters = () => sshDescendants().filter((p) => p.argv.includes('-N') && p.argv.includes('ControlMaster=yes'));

describe('a VM’s console on a qemu+ssh host (browser mode, Chromium, real sshd and QEMU VNC)', () => {
  let app: App;
  let local: libvirt.Connection;
  let testDriver: libvirt.Connection;
  const name = uniqueName('e2e-rconsole');
  const refusedName = uniqueName('e2e-rrefused');

  before(async () => {
    local = await libvirt.open(SYSTEM_URI);
    await (await local.defineXML(tinyDomainXML(name, { graphics: 'vnc' }))).create();
    // The test driver inside libvirtd, shared with the app's test+ssh connection: a running VM
    // whose display port nothing listens on.
    testDriver = await libvirt.open('test+unix:///default');
    await testDriver.createXML(
      `<domain type='test'><name>${xmlEscape(refusedName)}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices><graphics type='vnc' port='${await closedPort()}' listen='127.0.0.1'/></devices></domain>`,
    );
    app = await startApp();
  });
  after(async () => {
    try {
      await app?.close();
    } finally {
      await purgeDomain(local, name);
      await purgeDomain(testDriver, refusedName);
      await local.close();
      await testDriver.close();
    }
  });

  it('adds the host in the dialog and shows the remote VM’s screen through the ssh tunnel', async () => {
    const p = app.page;
    const conn = await addConnection(p, QEMU_SSH, sshFields(PORT));
    await conn.click({ position: { x: 24, y: 12 } }); // on its name: the card also holds the host page links
    await p.getByRole('grid').getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await waitForPixels(p);
    await p.screenshot({ path: join(artifacts, 'console-remote-vnc.png') });
    assert.equal(masters().length, 1, 'the backend opened one ssh master');
    // The console rides it with ssh -W, and a spare channel waits for the next open.
    await waitFor('the console’s channel and a spare', () => sshDescendants().filter((s) => s.argv.includes('-W')).length === 2, 30_000);
    assert.deepEqual(app.errors, []);
  });

  it('reopens the console over the same master, without signing in again', async () => {
    const p = app.page;
    const master = masters()[0]!.pid;
    const tcp = connectionsTo(PORT);
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view.getByRole('button', { name: 'Back' }).click();
    await p.getByRole('grid').getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await waitForPixels(p);
    assert.deepEqual(
      masters().map((m) => m.pid),
      [master],
      'the same master',
    );
    assert.deepEqual(connectionsTo(PORT), tcp, 'no new TCP connection to sshd: no new handshake');
    await view.getByRole('button', { name: 'Back' }).click();
  });

  it('says in the console view when the far side refuses the display’s port', async () => {
    const p = app.page;
    const conn = await addConnection(p, TEST_SSH, async (dialog) => {
      await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'Custom URI' });
      await dialog.getByLabel('URI', { exact: true }).fill(TEST_SSH);
    });
    await conn.click({ position: { x: 24, y: 12 } }); // on its name: the card also holds the host page links
    await p.getByRole('grid').getByTestId(`vm-${refusedName}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${refusedName}` });
    const alert = view.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    assert.match((await alert.textContent()) ?? '', /root@127\.0\.0\.1:2222 refused the connection to the VM’s display at 127\.0\.0\.1:\d+.*Reconnect/);
    assert.equal(await view.getByRole('status').textContent(), 'Disconnected');
    await p.screenshot({ path: join(artifacts, 'console-remote-refused.png') });
    assert.equal(masters().length, 1, 'both connections to the host share the master');
    await view.getByRole('button', { name: 'Back' }).click();
  });

  it('leaves no ssh process once the connections to the host close', async () => {
    const p = app.page;
    for (const uri of [QEMU_SSH, TEST_SSH]) {
      const conn = p.getByTestId(`connection-${uri}`);
      await conn.getByRole('button', { name: 'Disconnect' }).click();
      await conn.getByText('Disconnected', { exact: true }).waitFor({ timeout: 30_000 });
    }
    await waitFor('no ssh process left', () => sshDescendants().length === 0, 30_000);
  });
});
