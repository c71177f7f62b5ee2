// What the desktop shell lets its page open and connect to, checked without Electron's binary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isConsoleWindowUrl } from '../../electron/main/console-window-url.js';
import { rendererCsp, RENDERER_CSP } from '../../electron/node/renderer-files.js';

const UUID = '2f1c1d7e-8b7a-4d5e-9a0b-3c4d5e6f7a8b';

describe('detached console windows', () => {
  it('open only for our own page routed to one VM’s console', () => {
    assert.equal(isConsoleWindowUrl(`app://virtdeck/index.html#/console/local/${UUID}`), true);
    assert.equal(isConsoleWindowUrl(`app://virtdeck/#/console/c%2F1/${UUID}`), true);
    for (const url of [
      `https://evil.example/#/console/local/${UUID}`,
      `app://other/index.html#/console/local/${UUID}`,
      `app://virtdeck/other.html#/console/local/${UUID}`,
      `app://virtdeck/index.html?x=1#/console/local/${UUID}`,
      `app://virtdeck/index.html#/console/local/not-a-uuid`,
      `app://virtdeck/index.html#/console/local/${UUID}/more`,
      'app://virtdeck/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      assert.equal(isConsoleWindowUrl(url), false, url);
    }
  });
});

describe('the page’s CSP', () => {
  it('lets the desktop page reach its console server, and nothing else beyond its own origin', () => {
    assert.match(RENDERER_CSP, /connect-src 'self';/);
    const desktop = rendererCsp(['ws://127.0.0.1:40123']);
    assert.match(desktop, /connect-src 'self' ws:\/\/127\.0\.0\.1:40123;/);
    assert.match(desktop, /object-src 'none'/);
  });
});
