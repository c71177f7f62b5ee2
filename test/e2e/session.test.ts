// Browser mode's session in Chromium: another server on 127.0.0.1 receives the cookie (cookies
// are scoped by host, not port), and that cookie opens nothing; the page's own tabs share the
// session through origin-scoped storage; Sign out ends it everywhere.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API_PROTOCOL } from '../../electron/common/rpc/session-protocol.js';
import { SYSTEM_URI } from '../integration/native/support.js';
import { openSocket } from '../support/ws-client.js';
import { artifacts, startApp, type App } from './support.js';

describe('browser-mode session (Chromium)', () => {
  let app: App;
  let thief: Server;
  const stolen: string[] = [];

  before(async () => {
    app = await startApp();
    // Any local user can run this: a web server on another port of 127.0.0.1.
    thief = createServer((req, res) => {
      stolen.push(String(req.headers.cookie ?? ''));
      res.end('hello');
    });
    await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await app?.close();
    thief?.close();
  });

  const connected = (p: typeof app.page) => p.getByTestId(`connection-${SYSTEM_URI}`).getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });

  it('signs in from the printed link and drops the token from the address bar', async () => {
    await connected(app.page);
    assert.equal(new URL(app.page.url()).searchParams.get('token'), null);
  });

  it('gives nothing to a server on another port of 127.0.0.1 that receives the cookie', async () => {
    const other = await app.context.newPage();
    await other.goto(`http://127.0.0.1:${(thief.address() as AddressInfo).port}/`);
    await other.close();
    const cookie = stolen.find((c) => c.includes('virtdeck_session='));
    assert.ok(cookie, `the other port received the cookie (as browsers do): ${JSON.stringify(stolen)}`);
    const api = `ws://${app.url.host}/api`;
    // From outside a browser it may claim any Origin; the cookie alone still opens nothing.
    await assert.rejects(openSocket(api, [], { Cookie: cookie, Origin: app.url.origin }), /HTTP 401/);
    await assert.rejects(openSocket(api, [API_PROTOCOL], { Cookie: cookie, Origin: app.url.origin }), /HTTP 401/);
  });

  it('shares the session with another tab of the same origin (a detached console opens this way)', async () => {
    const tab = await app.context.newPage();
    await tab.goto(`${app.url.origin}/`);
    await connected(tab);
    await tab.close();
  });

  it('keeps Sign out on one line at 1280 px wide', async () => {
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.page.getByRole('button', { name: 'Sign out' }).waitFor();
    // A string, as the tests are typechecked without DOM types: the button's height and its text's line height, in px.
    const [height, line] = await app.page.evaluate<[number, number]>(
      `(() => { const b = document.querySelector('.sign-out'); return [b.getBoundingClientRect().height, parseFloat(getComputedStyle(b).lineHeight)]; })()`,
    );
    await app.page.screenshot({ path: join(artifacts, 'header-1280x800.png') });
    assert.ok(line > 0 && height < 2 * line, `Sign out is ${height}px high; one line of it is ${line}px`);
  });

  it('Sign out ends the session in every tab and says how to sign in again', async () => {
    const tab = await app.context.newPage();
    await tab.goto(`${app.url.origin}/`);
    await connected(tab);
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await app.page.getByRole('status').filter({ hasText: 'You are signed out' }).waitFor();
    await app.page.screenshot({ path: join(artifacts, 'session-signed-out.png') });
    // The other tab stops reconnecting (retrying cannot help) and offers to sign in again.
    await tab.getByRole('alert').filter({ hasText: 'You are signed out of Virtdeck' }).waitFor({ timeout: 15_000 });
    await tab.getByRole('textbox', { name: 'Sign-in link' }).waitFor();
    await tab.reload();
    assert.match((await tab.textContent('body')) ?? '', /Open the sign-in link/);
    await tab.close();
    assert.deepEqual(app.errors, []);
  });
});
