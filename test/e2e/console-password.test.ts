// A VNC display with a password (passwd= on <graphics>): the console asks for it, a wrong one
// is refused in words with a way to try again, the right one connects. Nothing stores it.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../integration/native/support.js';
import { artifacts, startApp, type App } from './support.js';

const PASSWORD = 'Sesam-47'; // VNC passwords have at most 8 characters

describe('a console whose display has a password (browser mode, Chromium, real QEMU VNC)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const name = uniqueName('e2e-vncpw');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const xml = tinyDomainXML(name, { graphics: 'vnc' }).replace("<graphics type='vnc'", `<graphics type='vnc' passwd='${PASSWORD}'`);
    await (await conn.defineXML(xml)).create();
    app = await startApp();
  });
  after(async () => {
    await app?.close();
    await purgeDomain(conn, name);
    await conn.close();
  });

  it('asks for the password, refuses a wrong one in words, and connects with the right one', async () => {
    const p = app.page;
    await p.getByTestId(`vm-${name}`).click();
    await p.getByRole('button', { name: 'Open Console' }).click();
    const view = p.getByRole('region', { name: `Console of ${name}` });
    await view.getByRole('status').filter({ hasText: 'Password required' }).waitFor({ timeout: 30_000 });
    const field = view.getByLabel('Display password');
    await field.fill('wrong-password');
    await view.getByRole('button', { name: 'Connect' }).click();
    await view.getByRole('alert').filter({ hasText: 'The display refused the connection' }).waitFor({ timeout: 30_000 });
    await p.screenshot({ path: join(artifacts, 'console-password-refused.png') });

    await view.getByRole('button', { name: 'Reconnect' }).click();
    await view.getByRole('status').filter({ hasText: 'Password required' }).waitFor({ timeout: 30_000 });
    await view.getByLabel('Display password').fill(PASSWORD);
    await view.getByRole('button', { name: 'Connect' }).click();
    await view
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    assert.equal(await view.getByLabel('Display password').count(), 0, 'the field is gone');
  });

  it('keeps the password nowhere: not in the page’s storage, not in the config dir', async () => {
    const stored = await app.page.evaluate<string>('JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])');
    assert.equal(stored.includes(PASSWORD), false);
    for (const f of await readdir(app.configDir)) {
      assert.equal((await readFile(join(app.configDir, f), 'utf8').catch(() => '')).includes(PASSWORD), false, f);
    }
  });
});
