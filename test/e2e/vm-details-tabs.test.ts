// The Overview, XML and Resources tabs of a VM's details in Chromium (browser mode) against the
// local libvirtd with a TCG VM: the title edited and the shut-off VM renamed (virsh sees both),
// its OS named; on the XML tab an edit that is not well-formed marked at its line with nothing
// written, one libvirt refuses said in libvirt's words, then a valid one shown as a diff and
// written (virsh's dump has it); on the Resources tab a CPU limit and a disk I/O limit set and
// read back with virsh. Then the VM runs: its live XML beside the definition, read-only, and a
// rename refused with the reason. Screenshots of every tab in light and dark themes go to
// /tmp/details-*.png; the page's CSP refuses nothing (CodeMirror's styles included).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor, xmlEscape } from '../integration/native/support.js';
import { watchCsp } from './console-csp.js';
import { startApp, type App } from './support.js';

const run = promisify(execFile);
const MAC = '52:54:00:d7:a1:01';

describe('VM details: Overview, XML and Resources (browser mode, Chromium)', () => {
  let app: App;
  let page: Page;
  let conn: libvirt.Connection;
  let csp: string[] = [];
  let dir = '';
  const names = [uniqueName('dtui')];
  let name = names[0]!;
  let uuid = '';
  let listHash = '';

  const virsh = async (...args: string[]) => (await run('virsh', ['-c', SYSTEM_URI, ...args])).stdout;
  const dumpxml = () => virsh('dumpxml', '--inactive', '--security-info', uuid);
  const tab = (label: string) => page.getByRole('tab', { name: label, exact: true });
  const definition = () => page.getByRole('textbox', { name: 'Definition', exact: true });

  async function openTab(label: string): Promise<void> {
    await tab(label).click();
    await waitFor(`the ${label} tab selected`, async () => (await tab(label).getAttribute('aria-selected')) === 'true' || null);
  }

  async function shoot(label: string, target: Page | Locator = page): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await target.screenshot({ path: `/tmp/details-${label}-${scheme}.png` });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  /** Replaces the definition editor's whole text, as a paste would. */
  async function typeDefinition(text: string): Promise<void> {
    await definition().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  /** Apply on the XML tab, then in the dialog; resolves with the dialog's diff. */
  async function applyXml(): Promise<{ dialog: Locator; diff: string }> {
    await page.getByTestId('vm-xml').getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Write the VM’s definition' });
    const diff = dialog.getByTestId('edit-diff');
    await diff.waitFor();
    return { dialog, diff: (await diff.textContent()) ?? '' };
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-dtui-'));
    await writeFile(join(dir, 'disk.img'), Buffer.alloc(1024 * 1024));
    conn = await libvirt.open(SYSTEM_URI);
    const devices =
      `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${xmlEscape(join(dir, 'disk.img'))}'/><target dev='vda' bus='virtio'/></disk>` +
      `<interface type='user'><mac address='${MAC}'/><model type='virtio'/></interface>`;
    const dom = await conn.defineXML(tinyDomainXML(name, { devices }));
    uuid = (await dom.UUIDString()).toLowerCase();
    app = await startApp();
    page = app.page;
    csp = watchCsp(app.context);
    // A common laptop screen: every tab's sections show in its screenshots.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor();
    listHash = await waitFor('the host in the URL', async () => /^#\/host\/[^/]+$/.exec(await page.evaluate<string>('location.hash'))?.[0] ?? null);
    await page.goto(`${app.url.origin}/${listHash}/vm/${uuid}/overview`);
    await page.getByRole('heading', { name, exact: true }).waitFor();
  });
  after(async () => {
    await app?.close();
    for (const n of names) if (conn) await purgeDomain(conn, n);
    await conn?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the Overview: hypervisor, emulator, machine, firmware, OS and guest agent', async () => {
    const overview = page.getByTestId('vm-overview');
    await overview.getByText(uuid, { exact: true }).waitFor();
    const hv = overview.getByTestId('ov-hypervisor');
    await hv.getByText('QEMU (TCG, emulated)').waitFor();
    await hv.getByText('/usr/bin/qemu-system-x86_64').waitFor();
    await hv.getByText(/^pc-i440fx-/).waitFor();
    await hv.getByText('BIOS', { exact: true }).waitFor();
    await overview.getByTestId('ov-agent').getByText('No guest agent channel').waitFor();
    assert.match((await overview.getByTestId('ov-os').textContent()) ?? '', /Not named/);
    await shoot('overview');
  });

  it('edits the title through the preview dialog; virsh sees it', async () => {
    const overview = page.getByTestId('vm-overview');
    await overview.getByLabel('Title', { exact: true }).fill('Details UI test');
    await overview.getByLabel('Description', { exact: true }).fill('Line one\nLine two');
    await overview.getByRole('button', { name: 'Apply', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply changes to the title and description' });
    const diff = (await dialog.getByTestId('edit-diff').textContent()) ?? '';
    assert.match(diff, /^\+\s*<title>Details UI test<\/title>$/m);
    await shoot('overview-preview', dialog);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await overview.getByRole('status').getByText('Applied.').waitFor();
    const xml = await dumpxml();
    assert.match(xml, /<title>Details UI test<\/title>/);
    assert.match(xml, /<description>Line one\nLine two<\/description>/);
    assert.equal((await virsh('desc', '--config', '--title', uuid)).trim(), 'Details UI test');
  });

  it('names the VM’s OS from osinfo-db', async () => {
    const overview = page.getByTestId('vm-overview');
    await overview.getByRole('button', { name: 'Change…' }).click();
    const chooser = page.getByRole('dialog', { name: 'Operating system of the VM' });
    await chooser.getByLabel('Search').fill('debian 11');
    await chooser.getByLabel('Operating system').selectOption({ label: 'Debian 11' });
    await chooser.getByRole('button', { name: 'Choose' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the operating system to Debian 11' });
    assert.match((await dialog.getByTestId('edit-diff').textContent()) ?? '', /http:\/\/debian\.org\/debian\/11/);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await overview.getByTestId('ov-os').getByText('Debian 11', { exact: true }).waitFor();
    assert.match(await dumpxml(), /<libosinfo:os id="http:\/\/debian\.org\/debian\/11"\/>|<libosinfo:os id='http:\/\/debian\.org\/debian\/11'\/>/);
  });

  it('adds the guest agent channel from the Overview', async () => {
    const overview = page.getByTestId('vm-overview');
    await overview.getByRole('button', { name: 'Add guest agent channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Guest Agent Channel' });
    assert.match((await dialog.getByTestId('edit-diff').textContent()) ?? '', /org\.qemu\.guest_agent\.0/);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await overview.getByTestId('ov-agent').getByText('Channel configured (the VM is not running)').waitFor();
    assert.match(await dumpxml(), /<target type='virtio' name='org\.qemu\.guest_agent\.0'\/>/);
  });

  it('renames the shut-off VM', async () => {
    const renamed = uniqueName('dtui-renamed');
    names.push(renamed);
    await page.getByTestId('vm-overview').getByRole('button', { name: 'Rename…' }).click();
    const dialog = page.getByRole('dialog', { name: `Rename ${name}` });
    const field = dialog.getByLabel('New name');
    await field.fill('bad name/');
    await dialog.getByText('Use letters, digits').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Rename', exact: true }).isDisabled(), true);
    await field.fill(renamed);
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    name = renamed;
    await page.getByRole('heading', { name: renamed, exact: true }).waitFor();
    assert.equal((await virsh('domname', uuid)).trim(), renamed);
  });

  it('XML tab: not well-formed XML is marked at its line and nothing is written', async () => {
    await openTab('XML');
    await definition().waitFor();
    assert.equal(await page.getByTestId('xml-live').count(), 0, 'no live XML while the VM is off');
    const before = await dumpxml();
    await waitFor('the editor showing the definition', async () => ((await definition().textContent())?.includes(uuid) ? true : null));
    const line = before.split('\n').findIndex((l) => l.includes('<vcpu')) + 1;
    await typeDefinition(before.replace('<vcpu', '<vcpu <'));
    await page.getByTestId('vm-xml').getByRole('button', { name: 'Apply', exact: true }).click();
    const notice = page.getByTestId('vm-xml').getByTestId('error-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-message-id'), 'config.notXmlAt');
    await notice.getByText(`at line ${line}, column`).waitFor();
    const marked = page.getByTestId('xml-definition').locator('.cm-error-line');
    await marked.waitFor();
    assert.match((await marked.textContent()) ?? '', /<vcpu </);
    assert.equal((await page.getByTestId('xml-definition').locator('.cm-lineNumbers .cm-error-gutter').textContent())?.trim(), String(line));
    assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog: nothing to write');
    await shoot('xml-error');
    assert.equal(await dumpxml(), before, 'nothing written');
  });

  it('XML tab: libvirt’s refusal is said in its words, with nothing written', async () => {
    const before = await dumpxml();
    await typeDefinition(before.replace('<on_crash>destroy</on_crash>', '<on_crash>explode</on_crash>'));
    const { dialog, diff } = await applyXml();
    assert.match(diff, /^\+\s*<on_crash>explode<\/on_crash>$/m);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    const notice = dialog.getByTestId('error-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-message-id'), 'config.refused');
    await notice.getByText(/libvirt refused the configuration: .*failed to validate/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await dumpxml(), before, 'nothing written');
  });

  it('XML tab: a valid change is shown as a diff, then written', async () => {
    const before = await dumpxml();
    await typeDefinition(before.replace('<on_crash>destroy</on_crash>', '<on_crash>restart</on_crash>'));
    const { dialog, diff } = await applyXml();
    assert.match(diff, /^-\s*<on_crash>destroy<\/on_crash>$/m);
    assert.match(diff, /^\+\s*<on_crash>restart<\/on_crash>$/m);
    await shoot('xml-diff', dialog);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('vm-xml').getByRole('status').getByText('Written.').waitFor();
    assert.match(await dumpxml(), /<on_crash>restart<\/on_crash>/);
    // The editor is reloaded with libvirt's definition: nothing left to apply.
    await waitFor('the editor clean again', async () => (await page.getByTestId('vm-xml').getByRole('button', { name: 'Apply', exact: true }).isDisabled()) || null);
    assert.match((await definition().textContent()) ?? '', /<on_crash>restart<\/on_crash>/);
    await shoot('xml');
  });

  it('XML tab: a change made with virsh meanwhile is a conflict; Reload shows the definition as it is', async () => {
    const before = await dumpxml();
    await typeDefinition(before.replace('<on_crash>restart</on_crash>', '<on_crash>preserve</on_crash>'));
    await virsh('desc', '--config', uuid, 'changed with virsh');
    await page.getByText('The definition was changed elsewhere while you edited it.', { exact: false }).waitFor();
    await page.getByTestId('vm-xml').getByRole('button', { name: 'Apply', exact: true }).click();
    const notice = page.getByTestId('vm-xml').getByTestId('error-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-message-id'), 'config.conflict');
    const xml = await dumpxml();
    assert.ok(!xml.includes('preserve'), 'nothing written');
    await page.getByTestId('vm-xml').getByRole('button', { name: 'Reload (discard my edits)' }).first().click();
    await waitFor('the editor showing virsh’s change', async () => ((await definition().textContent())?.includes('changed with virsh') ? true : null));
    assert.equal(await page.getByTestId('vm-xml').getByRole('button', { name: 'Apply', exact: true }).isDisabled(), true);
    assert.equal(await page.getByTestId('vm-xml').getByTestId('error-notice').count(), 0);
  });

  it('Resources tab: a CPU limit and a disk I/O limit, read back with virsh', async () => {
    await openTab('Resources');
    const res = page.getByTestId('vm-resources');
    // QEMU has no memory reservation: the field says so and cannot be changed.
    assert.equal(await res.getByLabel('Reservation', { exact: true }).isDisabled(), true);
    await res.getByText(/has no memory reservation/).waitFor();
    await res.getByLabel('Shares', { exact: true }).first().fill('512');
    await res.getByLabel('Limit', { exact: true }).first().fill('50');
    await res.getByRole('textbox', { name: 'vda Total IOPS', exact: true }).fill('200');
    await res.getByRole('textbox', { name: 'vda Read (MiB/s)', exact: true }).fill('10');
    await res.getByRole('checkbox', { name: 'vCPU 0 CPU 0', exact: true }).uncheck();
    await res.getByRole('button', { name: 'Apply', exact: true }).click();
    const outcomes = page.getByTestId('tuning-outcomes');
    await outcomes.waitFor();
    assert.deepEqual(await outcomes.getByRole('listitem').allTextContents(), [
      'CPU shares and limitAt the next start',
      'Disk limitsAt the next start',
      'vCPU pinningAt the next start',
    ]);
    const sched = await virsh('schedinfo', '--config', uuid);
    assert.match(sched, /cpu_shares\s*:\s*512/);
    assert.match(sched, /vcpu_period\s*:\s*100000/);
    assert.match(sched, /vcpu_quota\s*:\s*50000/);
    const iotune = await virsh('blkdeviotune', '--config', uuid, 'vda');
    assert.match(iotune, /total_iops_sec\s*:\s*200/);
    assert.match(iotune, /read_bytes_sec\s*:\s*10485760/);
    assert.match(await dumpxml(), /<vcpupin vcpu='0' cpuset='1'\/>/);
    await waitFor('the form clean again', async () => (await res.getByRole('button', { name: 'Apply', exact: true }).isDisabled()) || null);
    assert.equal(await res.getByLabel('Limit', { exact: true }).first().inputValue(), '50');
    await shoot('resources');
  });

  it('while the VM runs: the live XML beside the definition, read-only; a rename is refused with the reason', async () => {
    await virsh('start', uuid);
    await page.getByText('Running', { exact: true }).first().waitFor();
    await openTab('XML');
    const live = page.getByRole('textbox', { name: 'Running VM (read-only)', exact: true });
    await live.waitFor();
    assert.equal(await live.getAttribute('aria-readonly'), 'true');
    await waitFor('the live XML shown', async () => ((await live.textContent())?.includes("id='") ? true : null));
    await page.getByText('The VM’s configuration: changes take effect when it next starts.').waitFor();
    await shoot('xml-running');

    await openTab('Resources');
    await page
      .getByTestId('vm-resources')
      .getByText(/Changes apply now where libvirt allows/)
      .waitFor();
    await shoot('resources-running');

    await openTab('Hardware');
    await page.getByRole('listbox', { name: 'Hardware' }).getByRole('option', { name: 'CPUs', exact: true }).waitFor();
    await shoot('hardware');

    await openTab('Performance');
    await page.getByRole('table', { name: 'vCPUs' }).getByRole('row').nth(1).waitFor();
    // Samples have arrived: the CPU graph has drawn (the screenshot shows them).
    await waitFor(
      'the CPU graph drawn',
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
      60_000,
    );
    await shoot('performance');

    await openTab('Overview');
    const overview = page.getByTestId('vm-overview');
    await overview
      .getByTestId('ov-os')
      .getByText(/^\d+ s$|^\d+ min/)
      .waitFor();
    await overview.getByRole('button', { name: 'Rename…' }).click();
    const dialog = page.getByRole('dialog', { name: `Rename ${name}` });
    await dialog.getByLabel('New name').fill(`${name}-x`);
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
    const notice = dialog.getByTestId('error-notice');
    await notice.getByText('A running VM cannot be renamed.').waitFor();
    await shoot('overview-running');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await virsh('domname', uuid)).trim(), name, 'not renamed');
    assert.deepEqual(csp, [], 'the CSP refused nothing');
    assert.deepEqual(app.errors, []);
  });
});
