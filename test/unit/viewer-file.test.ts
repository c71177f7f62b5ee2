// The .vv file for `Open in Remote Viewer`: read back the way GLib's key-file parser reads it
// (which is what remote-viewer uses), whatever the VM's name holds.
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findOnPath } from '../../electron/node/consoles/remote-viewer.js';
import { keyFileValue, viewerFileName, viewerFileText } from '../../electron/node/consoles/viewer-file.js';

/** GLib's key-file reading (g_key_file_parse_line and g_key_file_parse_value_as_string), as far as a .vv file needs it. */
function readKeyFile(text: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  let group: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t\r\f\v]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      const name = line.slice(1, line.indexOf(']'));
      group = new Map();
      groups.set(name, group);
      continue;
    }
    const eq = line.indexOf('=');
    assert.ok(eq > 0 && group, `a key outside a group or without '=': ${JSON.stringify(line)}`);
    const key = line.slice(0, eq).trimEnd();
    const value = line.slice(eq + 1).replace(/^[ \t\r\f\v]+/, '');
    let out = '';
    for (let i = 0; i < value.length; i++) {
      if (value[i] !== '\\') out += value[i];
      else {
        const c = value[++i];
        const esc: Record<string, string> = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' };
        assert.ok(c !== undefined && c in esc, `an escape GLib refuses: \\${c ?? ''}`);
        out += esc[c];
      }
    }
    assert.ok(!group.has(key), `key ${key} twice`);
    group.set(key, out);
  }
  return groups;
}

describe('the Remote Viewer file', () => {
  it('names type, host, port and title, deletes itself, and holds no password', () => {
    const text = viewerFileText({ type: 'spice', host: '127.0.0.1', port: 5930, title: 'web-01' });
    assert.equal(text, '[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5930\ntitle=web-01\ndelete-this-file=1\n');
    assert.doesNotMatch(text, /password/i);
    assert.throws(() => viewerFileText({ type: 'vnc', host: '::1', port: 0, title: 'x' }), RangeError);
  });

  it('keeps hostile names to the one title value', () => {
    for (const title of ['a\n[virt-viewer]\npassword=x', 'x=y', '[x]', ' lead', '\ttab', 'back\\slash\\n', 'cr\r\nlf', 'nul\0end']) {
      const file = readKeyFile(viewerFileText({ type: 'vnc', host: '::1', port: 5900, title }));
      assert.deepEqual([...file.keys()], ['virt-viewer']);
      const g = file.get('virt-viewer')!;
      assert.deepEqual([...g.keys()], ['type', 'host', 'port', 'title', 'delete-this-file']);
      assert.equal(g.get('title'), title.replace(/\0/g, ' '));
      assert.equal(g.get('port'), '5900');
    }
  });

  it('round-trips any title through GLib’s reading (control characters become spaces)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (title) => {
        const g = readKeyFile(viewerFileText({ type: 'spice', host: '127.0.0.1', port: 5901, title })).get('virt-viewer')!;
        assert.equal(g.size, 5);
        assert.equal(g.get('title'), title.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/gu, ' '));
      }),
      { numRuns: 2000 },
    );
    assert.equal(keyFileValue('  two'), '\\s two');
  });

  it('names the file after the VM without path or dot tricks', () => {
    assert.equal(viewerFileName('web-01'), 'web-01.vv');
    assert.equal(viewerFileName('../../etc/passwd'), '__.._etc_passwd.vv');
    assert.equal(viewerFileName('.hidden'), '_hidden.vv');
    assert.equal(viewerFileName('a b\nc'), 'a_b_c.vv');
    assert.equal(viewerFileName('€€'), '_.vv');
  });
});

describe('finding remote-viewer', () => {
  it('takes the first executable on PATH and skips relative entries and plain files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-path-'));
    try {
      for (const d of ['a', 'b', 'c']) await mkdir(join(dir, d));
      await writeFile(join(dir, 'a', 'remote-viewer'), 'not executable');
      await writeFile(join(dir, 'b', 'remote-viewer'), '#!/bin/sh\n');
      await chmod(join(dir, 'b', 'remote-viewer'), 0o755);
      await writeFile(join(dir, 'c', 'remote-viewer'), '#!/bin/sh\n');
      await chmod(join(dir, 'c', 'remote-viewer'), 0o755);
      assert.ok((await stat(join(dir, 'b', 'remote-viewer'))).mode & 0o100);
      const path = ['relative', join(dir, 'a'), join(dir, 'b'), join(dir, 'c')].join(':');
      // Root may read a non-executable file, but X_OK still needs an execute bit.
      assert.equal(await findOnPath('remote-viewer', path), join(dir, 'b', 'remote-viewer'));
      assert.equal(await findOnPath('remote-viewer', join(dir, 'a')), null);
      assert.equal(await findOnPath('remote-viewer', ''), null);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
