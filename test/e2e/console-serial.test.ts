// A VM's text console in the page: xterm.js on libvirt's console stream through the backend's
// bridge, against the tiny Linux guest's shells on its serial port and virtio console, in
// Chromium in browser mode; locally and through qemu+ssh to the loopback sshd.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor } from '../integration/native/support.js';
import { tinyGuest, tinyGuestDomainXML } from '../support/tiny-guest.js';
import { watchCsp } from './console-csp.js';
import { addConnection, artifacts, sshFields, startApp, type App } from './support.js';

const SSH_PORT = 2222;

// The terminal's rows as text (xterm's DOM renderer), not pixels. A string: the tests are
// typechecked without DOM types.
const TERMINAL_TEXT = `document.querySelector('[data-testid=serial-terminal] .xterm-rows')?.innerText ?? ''`;

async function terminalText(p: Page): Promise<string> {
  return await p.evaluate<string>(TERMINAL_TEXT);
}

/** Types into the terminal (which has the keyboard focus) until the guest's answer shows. */
async function ask(p: Page, command: string, answer: string, timeoutMs = 120_000): Promise<void> {
  let last = 0;
  await waitFor(
    `"${answer}" in the terminal`,
    async () => {
      // The answer on a line of its own: the shell's output, not the typed command or an error quoting it.
      if ((await terminalText(p)).split('\n').some((line) => line.trim() === answer)) return true;
      // The guest may still be booting: ask again now and then.
      if (Date.now() - last > 4000) {
        last = Date.now();
        await p.keyboard.type(`${command}\n`);
      }
      return false;
    },
    timeoutMs,
    200,
  );
}

function consoleOf(p: Page, name: string): Locator {
  return p.getByRole('region', { name: `Console of ${name}` });
}

describe('a VM’s text console (browser mode, Chromium, real QEMU, tiny Linux guest)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let csp: string[];
  const name = uniqueName('e2e-serial');
  const withDisplay = uniqueName('e2e-serial-vnc');

  before(async () => {
    const guest = await tinyGuest();
    conn = await libvirt.open(SYSTEM_URI);
    await (await conn.defineXML(tinyGuestDomainXML(name, guest, { graphics: 'none', virtioConsole: true }))).create();
    await (await conn.defineXML(tinyGuestDomainXML(withDisplay, guest, { graphics: 'vnc' }))).create();
    app = await startApp();
    csp = watchCsp(app.context);
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, name);
    await purgeDomain(conn, withDisplay);
    await conn.close();
  });

  it('opens a VM without graphics on its serial console, where the guest’s shell answers', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = consoleOf(p, name);
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    assert.equal(await view.getByRole('combobox', { name: 'Device' }).inputValue(), 'serial0');
    await view.getByRole('button', { name: 'Graphical Console' }).waitFor();
    // Keyboard focus is in the terminal: no click before typing.
    await ask(p, 'echo hello-$((6*7))', 'hello-42');
    await p.screenshot({ path: join(artifacts, 'console-serial.png') });
    assert.deepEqual(app.errors, []);
    // xterm.js draws its theme and cell sizes with inline style elements, which the CSP refuses.
    assert.deepEqual(csp, [], 'opening the text console broke no rule of the page’s CSP');
  });

  it('switches to the virtio console with the device picker', async () => {
    const p = app.page;
    const view = consoleOf(p, name);
    const picker = view.getByRole('combobox', { name: 'Device' });
    assert.deepEqual(await picker.locator('option').allTextContents(), ['serial0 (isa-serial)', 'console1 (virtio)']);
    await picker.selectOption('console1');
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await p.getByTestId('serial-terminal').click();
    await ask(p, 'echo hvc-$((6*7))', 'hvc-42');
  });

  it('refuses a console held by another client in words, and takes it over after a confirmed Force', async () => {
    const p = app.page;
    const view = consoleOf(p, name);
    // Another client, as virsh console would: serial0 in safe mode.
    const dom = await conn.lookupByName(name);
    const other = await conn.newStream();
    await dom.openConsole('serial0', other, libvirt.DomainConsoleFlags.SAFE);
    const otherEnded = new Promise<string>((resolve) => {
      other.on('error', (e: Error) => resolve(e.message));
      other.on('end', () => resolve('end'));
    });
    other.resume();

    await view.getByRole('combobox', { name: 'Device' }).selectOption('serial0');
    await view
      .getByRole('alert')
      .filter({ hasText: `serial0 of ${name} is in use by another client (virsh console or another Virtdeck window).` })
      .waitFor({ timeout: 30_000 });
    await p.screenshot({ path: join(artifacts, 'console-serial-in-use.png') });
    await view.getByRole('button', { name: 'Force…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Take over serial0?' });
    await dialog.waitFor();
    await p.screenshot({ path: join(artifacts, 'console-serial-force.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await view.getByRole('button', { name: 'Force…' }).count(), 1, 'still in use, Force still offered');

    await view.getByRole('button', { name: 'Force…' }).click();
    await p.getByRole('dialog', { name: 'Take over serial0?' }).getByRole('button', { name: 'Force' }).click();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    assert.match(await otherEnded, /I\/O failure|end/, 'the other client was disconnected');
    await p.getByTestId('serial-terminal').click();
    await ask(p, 'echo forced-$((6*7))', 'forced-42');
    other.destroy();
  });

  it('says in the terminal that the VM stopped, and reconnects by itself when it runs again', async () => {
    const p = app.page;
    const view = consoleOf(p, name);
    await (await conn.lookupByName(name)).destroy();
    await waitFor('the terminal says the VM stopped', async () => (await terminalText(p)).includes(`${name} stopped; its console serial0 closed.`), 30_000, 200);
    await view
      .getByRole('status')
      .filter({ hasText: /^Not running$/ })
      .waitFor({ timeout: 30_000 });
    await (await conn.lookupByName(name)).create();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 60_000 });
    await p.getByTestId('serial-terminal').click();
    await ask(p, 'echo again-$((6*7))', 'again-42');
    await p.screenshot({ path: join(artifacts, 'console-serial-restarted.png') });
    await view.getByRole('button', { name: 'Back' }).click();
    assert.deepEqual(app.errors, []);
  });

  it('switches a VM with a display between its graphical and its serial console', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${withDisplay}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = consoleOf(p, withDisplay);
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await view.locator('[data-testid=console-screen] canvas').waitFor();
    await view.getByRole('button', { name: 'Serial Console' }).click();
    await view.getByTestId('serial-terminal').waitFor();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await ask(p, 'echo both-$((6*7))', 'both-42');
    await view.getByRole('button', { name: 'Graphical Console' }).click();
    await view.locator('[data-testid=console-screen] canvas').waitFor({ timeout: 30_000 });
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await view.getByRole('button', { name: 'Back' }).click();
    assert.deepEqual(app.errors, []);
  });

  it('works the same through a qemu+ssh connection added in the UI', async () => {
    const p = app.page;
    const remote = await addConnection(p, `qemu+ssh://root@127.0.0.1:${SSH_PORT}/system`, sshFields(SSH_PORT));
    await remote.click();
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = consoleOf(p, name);
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await ask(p, 'echo remote-$((6*7))', 'remote-42');
    await p.screenshot({ path: join(artifacts, 'console-serial-remote.png') });
    assert.deepEqual(app.errors, []);
    assert.deepEqual(csp, [], 'text consoles, switching and reconnecting broke no rule of the page’s CSP');
  });
});
