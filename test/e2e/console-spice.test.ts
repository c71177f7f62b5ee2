// SPICE consoles in the page (spice-html5 through the backend's bridge, a ticket per channel),
// switching between VNC and SPICE where a VM has both, and `Open in Remote Viewer`'s .vv file,
// against real QEMU VMs (SeaBIOS on a qxl screen), in Chromium in browser mode.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../integration/native/support.js';
import { CTRL_ALT_DEL_LINE, READY_LINE, tinyGuest, tinyGuestDomainXML } from '../support/tiny-guest.js';
import { watchCsp } from './console-csp.js';
import { artifacts, startApp, type App } from './support.js';

// More than one colour in the console's canvas when it is the display of that kind. A function
// (run through the debugging protocol, which the page's CSP allows; a string would be eval'd),
// with the few DOM shapes it needs spelled out: the tests are typechecked without DOM types.
type Canvas2d = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
type ScreenEl = { classList: { contains(c: string): boolean }; querySelector(s: string): Canvas2d | null };
function showsColours(kind: string): boolean {
  const doc = (globalThis as unknown as { document: { querySelector(s: string): ScreenEl | null } }).document;
  const screen = doc.querySelector('[data-testid=console-screen]');
  if (!screen || screen.classList.contains('spice') !== (kind === 'spice')) return false;
  const c = screen.querySelector('canvas');
  if (!c || !c.width || !c.height) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = new Set<number>();
  for (let i = 0; i < d.length && seen.size < 16; i += 4 * 97) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
  return seen.size > 1;
}

async function showsPixels(p: Page, kind: 'vnc' | 'spice'): Promise<void> {
  await p.waitForFunction(showsColours, kind, { timeout: 60_000 });
}

async function openConsole(p: Page, name: string) {
  await p.getByTestId(`vm-${name}`).click();
  await p.getByRole('button', { name: 'Open Console' }).click();
  const view = p.getByRole('region', { name: `Console of ${name}` });
  await view
    .getByRole('status')
    .filter({ hasText: /^Connected$/ })
    .waitFor({ timeout: 60_000 });
  return view;
}

/** The port of the VM's live display of that kind, as libvirt reports it. */
async function livePort(conn: libvirt.Connection, name: string, kind: 'vnc' | 'spice'): Promise<number> {
  const xml = await (await conn.lookupByName(name)).XMLDesc(0);
  const m = new RegExp(`<graphics type='${kind}' port='(\\d+)'`).exec(xml);
  assert.ok(m, `no ${kind} port in ${xml}`);
  return Number(m[1]);
}

describe('SPICE consoles, switching displays and Remote Viewer (browser mode, Chromium, real QEMU)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let csp: string[];
  const spiceVm = uniqueName('e2e-spice');
  const bothVm = uniqueName('e2e-both');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await (await conn.defineXML(tinyDomainXML(spiceVm, { graphics: 'spice' }))).create();
    await (await conn.defineXML(tinyDomainXML(bothVm, { graphics: 'vnc+spice' }))).create();
    app = await startApp();
    csp = watchCsp(app.context);
  });
  after(async () => {
    try {
      await app?.close();
    } finally {
      await purgeDomain(conn, spiceVm);
      await purgeDomain(conn, bothVm);
      await conn.close();
    }
  });

  it('shows a SPICE VM’s screen, says what the page cannot do, and sends Ctrl+Alt+Del', async () => {
    const p = app.page;
    const view = await openConsole(p, spiceVm);
    await showsPixels(p, 'spice');
    assert.deepEqual(csp, [], 'opening the SPICE console broke no rule of the page’s CSP');
    assert.equal(await view.getByRole('combobox', { name: 'Display' }).count(), 0, 'no choice with one display');
    await view.getByText(/USB redirection/).waitFor();
    await view.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    await p.screenshot({ path: join(artifacts, 'console-spice.png') });
    assert.equal(await view.getByRole('status').textContent(), 'Connected', 'still connected');
    await view.getByRole('button', { name: 'Back' }).click();
    await p.getByRole('grid').waitFor();
    assert.deepEqual(app.errors, []);
  });

  it('offers the .vv file for Remote Viewer: type, host, the live port, and no password', async () => {
    const p = app.page;
    const view = await openConsole(p, spiceVm);
    const [download] = await Promise.all([p.waitForEvent('download'), view.getByRole('button', { name: 'Open in Remote Viewer' }).click()]);
    assert.equal(download.suggestedFilename(), `${spiceVm}.vv`);
    const file = join(artifacts, 'console-remote-viewer.vv');
    await download.saveAs(file);
    const text = await readFile(file, 'utf8');
    const port = await livePort(conn, spiceVm, 'spice');
    assert.equal(text, `[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=${port}\ntitle=${spiceVm}\ndelete-this-file=1\n`);
    assert.doesNotMatch(text, /passw/i);
    await view.getByRole('button', { name: 'Back' }).click();
    assert.deepEqual(app.errors, []);
  });

  it('switches a VM with both displays between VNC and SPICE and remembers the choice', async () => {
    const p = app.page;
    let view = await openConsole(p, bothVm);
    const display = view.getByRole('combobox', { name: 'Display' });
    assert.equal(await display.inputValue(), 'vnc', 'the first display in the XML');
    await showsPixels(p, 'vnc');
    await p.screenshot({ path: join(artifacts, 'console-both-vnc.png') });

    await display.selectOption({ label: 'SPICE' });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await showsPixels(p, 'spice');
    assert.equal(await display.inputValue(), 'spice');
    await p.screenshot({ path: join(artifacts, 'console-both-spice.png') });

    // Back to the list and again: still SPICE for this VM.
    await view.getByRole('button', { name: 'Back' }).click();
    view = await openConsole(p, bothVm);
    assert.equal(await view.getByRole('combobox', { name: 'Display' }).inputValue(), 'spice');
    await showsPixels(p, 'spice');

    // The keyboard reaches the control: a user can switch without a mouse.
    await view.getByRole('combobox', { name: 'Display' }).focus();
    await p.keyboard.press('ArrowUp');
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await showsPixels(p, 'vnc');
    assert.equal(await view.getByRole('combobox', { name: 'Display' }).inputValue(), 'vnc');
    await view.getByRole('button', { name: 'Back' }).click();
    assert.deepEqual(app.errors, []);
    assert.equal(await p.getByRole('alert').count(), 0, 'no error notice');
    assert.deepEqual(csp, [], 'SPICE and VNC consoles and switching between them broke no rule of the page’s CSP');
  });
});

describe('a SPICE console reaches a real guest (tiny Linux on TCG)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const name = uniqueName('e2e-spice-guest');
  const serialLog = `/var/log/libvirt/qemu/${name}-serial.log`;
  const serial = () => readFile(serialLog, 'utf8').catch(() => '');
  const count = (text: string, line: string) => text.split(line).length - 1;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await (await conn.defineXML(tinyGuestDomainXML(name, await tinyGuest(), { serialLog, graphics: 'spice' }))).create();
    await waitFor('the guest to boot', async () => (await serial()).includes(READY_LINE) || null, 120_000);
    app = await startApp();
  });
  after(async () => {
    try {
      await app?.close();
    } finally {
      await purgeDomain(conn, name);
      await conn.close();
      await rm(serialLog, { force: true });
    }
  });

  it('sends Ctrl+Alt+Del and typed text as scancodes on the SPICE inputs channel', async () => {
    const p = app.page;
    const view = await openConsole(p, name);
    await showsPixels(p, 'spice');
    const before = count(await serial(), CTRL_ALT_DEL_LINE);
    await view.getByRole('button', { name: 'Send Ctrl+Alt+Del' }).click();
    await waitFor('the guest to see Ctrl+Alt+Del', async () => count(await serial(), CTRL_ALT_DEL_LINE) > before || null, 60_000);

    await view.getByRole('button', { name: 'Type Text…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Type text into the VM' });
    // The shell on tty1 (the screen) writes to the serial port, where the test reads it.
    await dialog.getByRole('textbox', { name: 'Text' }).fill('echo "Spice-$((6*7))!" > /dev/ttyS0\n');
    await dialog.getByRole('button', { name: 'Type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the typed command to run', async () => (await serial()).includes('Spice-42!') || null, 60_000);
    await p.screenshot({ path: join(artifacts, 'console-spice-guest.png') });
    assert.deepEqual(app.errors, []);
  });

  /** Types a command that echoes to the serial port; with Control still held in the guest it would arrive as ^E ^C ^H… and never run. */
  async function typedCommandRuns(p: Page, view: ReturnType<Page['getByRole']>, line: string, answer: string): Promise<void> {
    await view.getByRole('button', { name: 'Type Text…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Type text into the VM' });
    await dialog.getByRole('textbox', { name: 'Text' }).fill(`echo "${line}" > /dev/ttyS0\n`);
    await dialog.getByRole('button', { name: 'Type' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor(`"${answer}" on the serial port`, async () => (await serial()).includes(answer) || null, 60_000);
  }

  it('releases Control held in the guest when the keyboard is released with Ctrl+Alt, and when the screen loses focus', async () => {
    const p = app.page;
    const view = p.getByRole('region', { name: `Console of ${name}` });
    const grab = view.getByTestId('keyboard-grab');
    const screen = view.getByTestId('console-screen').locator('canvas').first();

    // Control goes to the guest; Alt releases the keyboard, so Control's key-up lands outside it.
    await screen.click();
    await grab.filter({ hasText: 'Keyboard in VM' }).waitFor();
    await p.keyboard.down('Control');
    await p.keyboard.down('Alt');
    await grab.filter({ hasText: 'Click the screen' }).waitFor();
    await p.keyboard.up('Alt');
    await p.keyboard.up('Control');
    await typedCommandRuns(p, view, 'Released-$((6*8))', 'Released-48');

    // Control pressed in the guest, then a click elsewhere in the page takes the focus from the screen.
    await screen.click();
    await grab.filter({ hasText: 'Keyboard in VM' }).waitFor();
    await p.keyboard.down('Control');
    await view.getByRole('heading', { name }).click();
    await grab.filter({ hasText: 'Click the screen' }).waitFor();
    await p.keyboard.up('Control');
    await typedCommandRuns(p, view, 'Blurred-$((6*9))', 'Blurred-54');
    assert.deepEqual(app.errors, []);
  });
});
