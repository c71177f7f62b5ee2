// What `npm install` promises: a clear line when libvirt's headers are missing, and a binding
// that plain Node imports as `virtdeck/native` from the repository root.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('install', () => {
  it('stops with one line naming the packages when libvirt development files are missing', () => {
    // An empty pkg-config search path is what a machine without libvirt-dev looks like.
    const r = spawnSync(process.execPath, ['native/scripts/build-addon.mjs'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PKG_CONFIG_LIBDIR: '/nonexistent', PKG_CONFIG_PATH: '' },
    });
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    for (const hint of ['libvirt-dev', 'libvirt-devel', 'pacman -S libvirt', 'brew install libvirt']) {
      assert.ok(lines[0]!.includes(hint), `mentions ${hint}: ${lines[0]}`);
    }
  });

  it('lets plain Node import virtdeck/native (the compiled API, no TypeScript loader)', () => {
    const src =
      "import * as l from 'virtdeck/native'; const c = await l.open('test:///default'); console.log((await c.listAllDomains()).length, l.DomainState.RUNNING); await c.close();";
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '1 1');
  });
});
