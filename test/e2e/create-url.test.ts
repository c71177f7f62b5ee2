// A network install through the wizard (browser mode, Chromium, qemu:///system): the tree is a
// local HTTP server of the test's own laid out as Debian's (install.amd/vmlinuz and initrd.gz,
// here the tiny guest's); the VM boots the fetched kernel to the tiny guest's shell (seen through
// the serial console view), and its saved definition boots from the disk. On the way, the Name
// and network step offers this machine's NIC for macvtap, with its note.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { SYSTEM_URI, uniqueName } from '../integration/native/support.js';
import { artifacts, startApp, type App } from './support.js';
import { askSerialConsole, walkWizard } from './create-wizard.js';
import { purgeCreated, serveInstallTree, type InstallTree } from '../support/create-fixtures.js';

describe('New VM wizard: network install (browser mode, Chromium, qemu:///system)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let tree: InstallTree;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    tree = await serveInstallTree();
    app = await startApp();
    await app.page.getByRole('button', { name: 'New VM' }).and(app.page.locator(':enabled')).waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await app?.close();
    await purgeCreated(conn, names);
    tree?.close();
    await conn?.close();
  });

  it('fetches the tree’s kernel and initrd, boots them to the guest’s shell, and saves a definition that boots from the disk', async () => {
    const name = uniqueName('wiz-url');
    names.push(name);
    const p = app.page;
    const w = await walkWizard(p, {
      source: 'Network install (URL of an install tree)',
      fields: { 'Install tree URL': `${tree.base}/debian/`, 'Kernel command line': 'console=tty1 console=ttyS0 quiet panic=-1' },
      onSourceStep: async (src) => {
        await src.getByText(/The kernel and initrd are fetched from the tree/).waitFor();
      },
      disk: 'new',
      sizeGiB: '0.1',
      name,
      virtType: 'QEMU (TCG emulation)',
      shots: 'create-url',
    });
    // macvtap: this machine's NIC is offered, with what it means for host-guest traffic.
    const network = w.getByRole('combobox', { name: 'Network' });
    const nic = network.locator('option', { hasText: /^Host device \S+: macvtap \(bridge mode\)/ }).first();
    await nic.waitFor({ state: 'attached' });
    await network.selectOption({ label: (await nic.textContent())!.trim() });
    await w.getByText(/the host itself cannot reach the guest/).waitFor();
    await p.screenshot({ path: join(artifacts, 'create-url-5-macvtap.png') });
    await network.selectOption('none');
    await w.getByRole('button', { name: 'Finish' }).click();
    await p.getByRole('region', { name: `Console of ${name}` }).waitFor({ timeout: 120_000 });
    assert.ok(tree.requests.includes('/debian/install.amd/vmlinuz') && tree.requests.includes('/debian/install.amd/initrd.gz'), tree.requests.join(', '));
    const dom = await conn.lookupByName(name);
    const live = await dom.XMLDesc();
    assert.match(live, new RegExp(`<kernel>/var/lib/libvirt/images/${name}-kernel\\.boot</kernel>`));
    assert.match(live, new RegExp(`<cmdline>inst\\.repo=${tree.base.replace(/[.]/g, '\\.')}/debian/ console=tty1 console=ttyS0 quiet panic=-1</cmdline>`));
    const persistent = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    assert.doesNotMatch(persistent, /<kernel>|<initrd>|<cmdline>/);
    assert.match(persistent, /<boot dev='hd'\/>/);
    await askSerialConsole(p, name, 'echo url-$((6*7))', 'url-42');
    await p.screenshot({ path: join(artifacts, 'create-url-7-serial.png') });
    assert.deepEqual(app.errors, []);
  });
});
