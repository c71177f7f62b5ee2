// SPICE pieces without a browser: the build-time seam in spice-html5 (applied to the installed
// package, refused when the code it patches moved) and text as PC scancodes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { scanKeys, SCAN } from '../../renderer/src/features/consoles/spice-keys.js';
// @ts-expect-error: a plain .mjs build script without types
import { patchSpiceConn, patchSpiceUtils } from '../../scripts/spice-html5-plugin.mjs';

const patch = patchSpiceConn as (source: string) => string;

describe('the spice-html5 socket seam', () => {
  it('patches the installed spiceconn.js once, keeping the default for callers without open_socket', async () => {
    const file = createRequire(import.meta.url).resolve('@spice-project/spice-html5/src/spiceconn.js');
    const out = patch(await readFile(file, 'utf8'));
    assert.equal(out.split('this.open_socket(o.uri)').length, 2);
    assert.match(out, /: new WebSocket\(o\.uri, 'binary'\);/);
    assert.match(out, /o\.parent !== undefined \? o\.parent\.open_socket : o\.open_socket/);
  });

  it('takes the alert() out of keys with no scancode', async () => {
    const file = createRequire(import.meta.url).resolve('@spice-project/spice-html5/src/utils.js');
    const out = (patchSpiceUtils as (source: string) => string)(await readFile(file, 'utf8'));
    assert.equal(out.includes('alert('), false);
  });

  it('fails the build when the line moved or appears twice', () => {
    assert.throws(() => patch('this.ws = new WebSocket(uri);'), /no longer contains/);
    const line = "this.ws = new WebSocket(o.uri, 'binary');";
    assert.throws(() => patch(`${line}\n${line}`), /exactly once/);
  });
});

describe('text as SPICE scancodes', () => {
  it('maps a US keyboard, with Shift where it takes one', () => {
    assert.deepEqual(scanKeys('aZ1!'), [
      { code: 0x1e, shift: false },
      { code: 0x2c, shift: true },
      { code: 0x02, shift: false },
      { code: 0x02, shift: true },
    ]);
    assert.deepEqual(
      scanKeys('echo $((6*7))\n').map((k) => k.code),
      [0x12, 0x2e, 0x23, 0x18, 0x39, 0x05, 0x0a, 0x0a, 0x07, 0x09, 0x08, 0x0b, 0x0b, 0x1c],
    );
    assert.deepEqual(scanKeys('~`|\\<>?/:;"\'{}[]_-+=\t\r\n'), scanKeys('~`|\\<>?/:;"\'{}[]_-+=\t\n'));
    assert.equal(SCAN.KpDecimal, 0x53);
  });

  it('leaves out what a US keyboard has no key for', () => {
    assert.deepEqual(scanKeys('é€\u0001'), []);
  });
});
