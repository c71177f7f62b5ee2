// A host's own pages in Chromium (browser mode) against the real libvirtd: the Overview reached
// from the connection's entry in the tree, with the machine's figures and the Validation panel
// (virt-host-validate's words, libvirt's checks with what to do) and Test KVM; Networks: a NAT
// network created through the dialog (problems under their fields first, an overlap refused in
// the backend's words), listed and detailed, a DHCP host added and removed live, stopped and
// started, and deleted while a VM uses it (asked again, naming the VM); Storage: a pool's space
// as a bar and its volumes. The networks are NAT'd or isolated on bridges of this machine's own
// (10.<100-199>.x.0/24), and everything made here is removed afterwards.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, waitFor } from '../integration/native/support.js';
import { startApp, type App } from './support.js';

const run = promisify(execFile);

/** The page, tall enough for all of it (the app scrolls inside its panes), in both themes. */
async function screenshots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 1300 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `/tmp/hostui-${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (size) await page.setViewportSize(size);
}

describe('host pages (browser mode, Chromium, qemu:///system)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const tag = Math.random().toString(36).slice(2, 7);
  const octet = 100 + Math.floor(Math.random() * 100);
  const third = Math.floor(Math.random() * 256);
  const subnet = `10.${octet}.${third}`;
  const netName = `vdtest-hostui-${tag}`;
  const bridge = `vdhu${tag}`;
  const vmName = `vdtest-hostui-vm-${tag}`;
  const poolName = `vdtest-hostui-pool-${tag}`;
  let poolDir = '';

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    app = await startApp();
    await app.page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, vmName);
    for (const name of [netName, `${netName}-b`]) {
      const net = await conn.networkLookupByName(name).catch(() => null);
      if (!net) continue;
      if (await net.isActive().catch(() => false)) await net.destroy().catch(() => 0);
      await net.undefine().catch(() => 0);
    }
    const pool = await conn.storagePoolLookupByName(poolName).catch(() => null);
    if (pool) {
      if (await pool.isActive().catch(() => false)) await pool.destroy().catch(() => 0);
      await pool.undefine().catch(() => 0);
    }
    if (poolDir) await rm(poolDir, { recursive: true, force: true });
    await conn?.close();
  });

  const hash = () => app.page.evaluate<string>('location.hash');
  const host = () => app.page.getByTestId(`connection-${SYSTEM_URI}`);

  it('opens the Overview from the connection’s entry: the host’s figures, memory and NUMA cells', async () => {
    const page = app.page;
    await host().getByRole('link', { name: 'Overview', exact: true }).click();
    await waitFor('the overview’s URL', async () => (/^#\/host\/[^/]+\/overview$/.test(await hash()) ? true : null));
    assert.equal(await page.getByRole('tab', { name: 'Overview', exact: true }).getAttribute('aria-selected'), 'true');
    assert.equal(await host().getByRole('link', { name: 'Overview', exact: true }).getAttribute('aria-current'), 'page');
    await page.getByRole('heading', { name: /^Overview of / }).waitFor();
    const facts = page.getByTestId('host-facts');
    await facts.getByText(hostname(), { exact: true }).waitFor();
    const { stdout } = await run('virsh', ['-c', SYSTEM_URI, 'version']);
    const libvirtVersion = /libvirt (\d+\.\d+\.\d+)/.exec(stdout)?.[1];
    assert.ok(libvirtVersion);
    await facts.getByText(libvirtVersion, { exact: true }).waitFor();
    const memory = page.getByRole('region', { name: 'Memory' });
    await memory.getByText(/^Total: \d/).waitFor();
    await memory.getByText('Given to running VMs').waitFor();
    await page.getByRole('table', { name: 'NUMA cells' }).getByRole('row').nth(1).waitFor();
  });

  it('validates the host: virt-host-validate’s checks in its words, libvirt’s with what to do', async () => {
    const page = app.page;
    const panel = page.getByRole('region', { name: 'Validation' });
    await panel.getByText(/^Passed: \d+ · Warnings: \d+ · Failed: \d+$/).waitFor({ timeout: 120_000 });
    // The tool's own verdict and words for hardware virtualization, as it prints them.
    const tool = await run('virt-host-validate', ['qemu']).catch((e: { stdout: string }) => e);
    const line = /Checking for hardware virtualization\s*: (PASS|WARN|FAIL)(?: \((.*)\))?/.exec(tool.stdout);
    assert.ok(line, 'virt-host-validate checks hardware virtualization');
    const hw = panel.getByTestId('check-tool:hardware-virtualization');
    assert.equal(await hw.getAttribute('data-result'), line[1]!.toLowerCase());
    await hw.getByText('hardware virtualization', { exact: true }).waitFor();
    if (line[2]) await hw.getByText(line[2], { exact: true }).waitFor();
    // libvirt's KVM check: a warning with what to do where libvirt offers no KVM guests.
    const kvmOffered = /<domain type='kvm'/.test(await conn.getCapabilities());
    const kvm = panel.getByTestId('check-kvm');
    assert.equal(await kvm.getAttribute('data-result'), kvmOffered ? 'pass' : 'warn');
    await kvm.getByText('Hardware virtualization (KVM) for guests').waitFor();
    if (!kvmOffered) {
      await kvm.getByText(/^libvirt offers no KVM guests here/).waitFor();
      await kvm.getByText(/^Enable virtualization \(VT-x\/AMD-V\)/).waitFor();
    }
    for (const id of ['ovmf', 'swtpm', 'virtiofs', 'iommu', 'nested']) await panel.getByTestId(`check-${id}`).waitFor();
    // The summary counts what is listed.
    const results = await Promise.all((await panel.locator('li[data-result]').all()).map((li) => li.getAttribute('data-result')));
    const count = (r: string) => results.filter((x) => x === r).length;
    await panel.getByText(`Passed: ${count('pass')} · Warnings: ${count('warn')} · Failed: ${count('fail')}`).waitFor();
  });

  it('tests KVM: works, or fails in libvirt’s words and says New VM uses TCG', async () => {
    const page = app.page;
    const card = page.getByRole('region', { name: 'KVM' });
    await card.getByRole('button', { name: 'Test KVM' }).click();
    const result = card.getByTestId('kvm-result');
    await waitFor('the probe’s result', async () => (/KVM (works|does not start)/.test((await result.textContent()) ?? '') ? true : null), 120_000);
    const text = (await result.textContent()) ?? '';
    if (!/<domain type='kvm'/.test(await conn.getCapabilities())) assert.match(text, /KVM does not start guests on this host: libvirt offers no KVM guests on this host/);
    if (/does not start/.test(text)) assert.match(text, /New VM on this host uses TCG/);
    const names = await Promise.all((await conn.listAllDomains()).map((d) => d.name()));
    assert.deepEqual(
      names.filter((n) => n.startsWith('virtdeck-kvm-probe-')),
      [],
      'the probe leaves no VM',
    );
    await screenshots(page, 'overview');
  });

  it('creates a NAT network through the dialog: problems under their fields, then listed with its details', async () => {
    const page = app.page;
    await host().getByRole('link', { name: 'Networks', exact: true }).click();
    await page.getByRole('heading', { name: /^Networks of / }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Networks', exact: true }).getAttribute('aria-selected'), 'true');
    await page.getByRole('button', { name: 'Create Network…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Network' });
    // Nothing typed: the name's problem is said under it, and the focus goes there.
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText('Enter a name for the network.').waitFor();
    const name = dialog.getByLabel('Name', { exact: true });
    const nameId = await name.getAttribute('id');
    await waitFor('the focus on the name', async () => ((await page.evaluate<string>('document.activeElement?.id ?? ""')) === nameId ? true : null));
    await name.fill(netName);
    assert.equal(await dialog.getByLabel('Mode', { exact: true }).inputValue(), 'nat');
    await dialog.getByLabel('Bridge name (optional)').fill(bridge);
    const v4 = dialog.getByTestId('create-ipv4');
    await v4.getByLabel('Address', { exact: true }).fill(`${subnet}.1`);
    // The DHCP range follows the address: the upper half of the /24.
    assert.equal(await v4.getByLabel('DHCP start', { exact: true }).inputValue(), `${subnet}.128`);
    assert.equal(await v4.getByLabel('DHCP end', { exact: true }).inputValue(), `${subnet}.254`);
    await v4.getByRole('button', { name: 'Add Static IPv4 Host' }).click();
    const first = v4.getByTestId('create-ipv4-host-0');
    await first.getByLabel('MAC address', { exact: true }).fill('52:54:00:4e:00:1');
    await first.getByLabel('IP address', { exact: true }).fill(`${subnet}.10`);
    await first.getByLabel('Host name (optional)').fill('first');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await first.getByText('Enter a MAC address: six pairs of hex digits').waitFor();
    await first.getByLabel('MAC address', { exact: true }).fill('52:54:00:4e:00:01');
    await screenshots(page, 'create-network');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('status').getByText(`The network ${netName} was created.`).waitFor();

    // libvirt has it as asked.
    const net = await conn.networkLookupByName(netName);
    assert.equal(await net.isActive(), true);
    const xml = await net.XMLDesc();
    assert.match(xml, /<forward mode='nat'/);
    assert.match(xml, new RegExp(`<bridge name='${bridge}'`));
    assert.match(xml, new RegExp(`<range start='${subnet}\\.128' end='${subnet}\\.254'`));
    assert.match(xml, new RegExp(`<host mac='52:54:00:4e:00:01' name='first' ip='${subnet}\\.10'/>`));

    // Listed, selected, and detailed.
    const option = page.getByRole('option', { name: new RegExp(`^${netName}`) });
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await option.getByText('Active', { exact: true }).waitFor();
    const details = page.getByTestId('network-details');
    await details.getByRole('heading', { name: netName }).waitFor();
    const facts = details.locator('dl.facts');
    await facts.getByText('NAT', { exact: true }).waitFor();
    await facts.getByText(bridge, { exact: true }).waitFor();
    await details.getByText(`${subnet}.1/24`).waitFor();
    await details.getByText(`DHCP: ${subnet}.128 – ${subnet}.254`).waitFor();
    await details.getByTestId('dhcp-host-52:54:00:4e:00:01').getByText(`${subnet}.10`).waitFor();
    await details.getByText('No guest holds a lease now.').waitFor();
    await details.getByText('No VM uses this network.').waitFor();
  });

  it('refuses a network whose addresses overlap another’s, in the backend’s words', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Create Network…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Network' });
    await dialog.getByLabel('Name', { exact: true }).fill(`${netName}-b`);
    await dialog.getByLabel('Mode', { exact: true }).selectOption({ label: 'Isolated' });
    await dialog.getByTestId('create-ipv4').getByLabel('Address', { exact: true }).fill(`${subnet}.129`);
    await dialog.getByTestId('create-ipv4').getByLabel('Prefix length').fill('25');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const notice = dialog.getByRole('alert');
    await notice.waitFor({ timeout: 60_000 });
    const words = (await notice.textContent()) ?? '';
    assert.ok(words.includes(`${subnet}.129/25 overlaps the network “${netName}” (${subnet}.1/24).`), words);
    assert.ok(words.includes('Nothing was created. Choose addresses no other network or route of the host uses.'), words);
    assert.equal(await conn.networkLookupByName(`${netName}-b`).catch(() => null), null);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('adds a static DHCP host live, and removes it', async () => {
    const page = app.page;
    const details = page.getByTestId('network-details');
    const form = details.getByRole('form', { name: 'Add a DHCP host' });
    await form.getByLabel('MAC address', { exact: true }).fill('52:54:00:4E:00:02');
    await form.getByLabel('IP address', { exact: true }).fill(`${subnet}.11`);
    await form.getByLabel('Host name (optional)').fill('second');
    await form.getByRole('button', { name: 'Add Host' }).click();
    await page.getByRole('status').getByText(`Added the DHCP host 52:54:00:4e:00:02 → ${subnet}.11: it applies now.`).waitFor();
    const row = details.getByTestId('dhcp-host-52:54:00:4e:00:02');
    await row.getByText('second', { exact: true }).waitFor();
    const net = await conn.networkLookupByName(netName);
    const entry = new RegExp(`<host mac='52:54:00:4e:00:02' name='second' ip='${subnet}\\.11'/>`);
    assert.match(await net.XMLDesc(), entry, 'live');
    assert.match(await net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE), entry, 'in the definition');
    assert.equal(await form.getByLabel('MAC address', { exact: true }).inputValue(), '', 'the form is ready for the next one');
    await screenshots(page, 'networks');

    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').getByText('Removed the DHCP host 52:54:00:4e:00:02: it applies now.').waitFor();
    await row.waitFor({ state: 'detached' });
    // The focus was on the row's Remove: it goes to the network's heading, not to the page's start.
    assert.equal(await page.evaluate<string>('document.activeElement?.id ?? ""'), 'network-details-heading');
    assert.doesNotMatch(await net.XMLDesc(), entry);
    assert.doesNotMatch(await net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE), entry);
  });

  it('stops and starts the network, turns autostart off, and shows the VM that uses it', async () => {
    const page = app.page;
    await conn.defineXML(tinyDomainXML(vmName, { graphics: 'none', devices: `<interface type='network'><source network='${netName}'/><model type='virtio'/></interface>` }));
    const details = page.getByTestId('network-details');
    const option = page.getByRole('option', { name: new RegExp(`^${netName}`) });
    await details.getByRole('button', { name: 'Stop', exact: true }).click();
    await option.getByText('Inactive', { exact: true }).waitFor();
    await details.getByText('The network is not running: no leases.').waitFor();
    assert.equal(await (await conn.networkLookupByName(netName)).isActive(), false);
    await details.getByRole('button', { name: 'Start', exact: true }).click();
    await option.getByText('Active', { exact: true }).waitFor();
    await details.getByRole('link', { name: vmName }).waitFor();
    const autostart = details.getByRole('checkbox', { name: 'Start at host boot' });
    assert.equal(await autostart.isChecked(), true);
    await autostart.click();
    await waitFor('autostart off in libvirt', async () => ((await (await conn.networkLookupByName(netName)).autostart()) ? null : true));
    await waitFor('autostart off on the page', async () => ((await autostart.isChecked()) ? null : true));
  });

  it('deletes the network a VM uses only when asked again, naming the VM', async () => {
    const page = app.page;
    const details = page.getByTestId('network-details');
    await details.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: `Delete the network ${netName}?` });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    const again = page.getByRole('dialog', { name: `Delete ${netName} anyway?` });
    await again.getByText(`The network ${netName} is used by the VM ${vmName}.`, { exact: false }).waitFor({ timeout: 60_000 });
    assert.ok(await conn.networkLookupByName(netName), 'still there after the refusal');
    await again.getByRole('button', { name: 'Delete Anyway' }).click();
    await page.getByRole('status').getByText(`The network ${netName} was deleted.`).waitFor({ timeout: 60_000 });
    await page.getByRole('option', { name: new RegExp(`^${netName}`) }).waitFor({ state: 'detached' });
    assert.equal(await conn.networkLookupByName(netName).catch(() => null), null);
    await waitFor('the focus in the networks list', async () => ((await page.evaluate<string>('document.activeElement?.closest(".master") ? "yes" : ""')) === 'yes' ? true : null));
    assert.deepEqual(app.errors, []);
  });

  it('lists a pool with its space as a bar and its volumes', async () => {
    const page = app.page;
    poolDir = await mkdtemp(join(tmpdir(), 'vdtest-hostui-pool-'));
    await writeFile(join(poolDir, 'disk-a.img'), Buffer.alloc(1024 * 1024));
    await host().getByRole('link', { name: 'Storage', exact: true }).click();
    await page.getByRole('heading', { name: /^Storage of / }).waitFor();
    // Defined while the page is open: the pool's event adds it.
    const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${poolName}</name><target><path>${poolDir}</path></target></pool>`);
    await pool.create();
    const option = page.getByRole('option', { name: new RegExp(`^${poolName}`) });
    await option.getByText('Active', { exact: true }).waitFor({ timeout: 30_000 });
    await option.click();
    const details = page.getByTestId('pool-details');
    await details.getByRole('heading', { name: poolName }).waitFor();
    await details.getByText(poolDir, { exact: true }).waitFor();
    await details.getByTestId('pool-usage-bar').waitFor();
    await details.getByText(/^Capacity: \d/).waitFor();
    const volumes = details.getByRole('table', { name: '1 volume' });
    const row = volumes.getByRole('row', { name: /disk-a\.img/ });
    await row.getByText('1 MiB', { exact: true }).waitFor();
    await row.getByText(join(poolDir, 'disk-a.img'), { exact: true }).waitFor();
    // Keyboard: the list moves with the arrows.
    await option.focus();
    await page.keyboard.press('Home');
    const firstSelected = page.getByRole('listbox', { name: 'Storage pools' }).getByRole('option').first();
    assert.equal(await firstSelected.getAttribute('aria-selected'), 'true');
    await option.click();
    await volumes.waitFor();
    await screenshots(page, 'storage');
  });

  it('moves between the host’s views with the arrow keys, and the URL follows', async () => {
    const page = app.page;
    await page.getByRole('tab', { name: 'Storage', exact: true }).focus();
    await page.keyboard.press('ArrowLeft');
    await waitFor('the networks view', async () => ((await hash()).endsWith('/networks') ? true : null));
    await page.keyboard.press('ArrowLeft');
    await waitFor('the performance view', async () => ((await hash()).endsWith('/performance') ? true : null));
    await page.getByRole('heading', { name: /^Performance of / }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await waitFor('the overview', async () => ((await hash()).endsWith('/overview') ? true : null));
    assert.deepEqual(app.errors, []);
  });
});
