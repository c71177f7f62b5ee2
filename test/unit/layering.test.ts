// The layering is enforced by the build: a file that imports across a forbidden boundary
// makes `npm run lint` (dependency-cruiser) or `npm run typecheck` fail. These tests place
// such files in the tree for a moment and check that the tools reject them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tag = `zz-layering-probe-${process.pid}`;

function withFile<T>(rel: string, text: string, fn: () => T): T {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  try {
    return fn();
  } finally {
    rmSync(path, { force: true });
  }
}

function depcruise(...targets: string[]): { status: number | null; out: string } {
  const bin = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', ...targets], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const cases: [string, string, string][] = [
  [`electron/node/${tag}.ts`, "import { app } from 'electron';\nexport const x = app;\n", 'backend-never-imports-electron'],
  [`electron/server/${tag}.ts`, "import { app } from 'electron';\nexport const x = app;\n", 'backend-never-imports-electron'],
  [`renderer/src/${tag}.ts`, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'renderer-has-no-node'],
  [`electron/common/${tag}.ts`, "import { join } from 'node:path';\nexport const x = join;\n", 'common-is-environment-free'],
  [`test/${tag}.ts`, "import { native } from '../native/lib/binding.js';\nexport const x = native;\n", 'native-only-through-its-api'],
  [`electron/preload/${tag}.ts`, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'preload-is-minimal'],
];

describe('layering rules', () => {
  for (const [file, text, rule] of cases) {
    it(`${rule} rejects ${file.replace(tag, '<probe>')}`, () => {
      const r = withFile(file, text, () => depcruise(file));
      assert.notEqual(r.status, 0, `dependency-cruiser accepted a forbidden import:\n${r.out}`);
      assert.match(r.out, new RegExp(rule));
    });
  }

  it('accepts the tree as it is', () => {
    const r = depcruise('native', 'electron', 'renderer', 'test');
    assert.equal(r.status, 0, r.out);
  });

  it("the renderer's typecheck knows no Node globals", () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = withFile(`renderer/src/${tag}.ts`, 'export const home = process.env.HOME;\n', () =>
      spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'renderer/tsconfig.json'], { cwd: root, encoding: 'utf8' }),
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /Cannot find name 'process'/);
  });
});
