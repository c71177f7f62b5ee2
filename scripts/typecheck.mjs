#!/usr/bin/env node
// Typechecks each environment with its own tsconfig (its own globals: DOM for the renderer,
// Node for the backend, neither for the contract), so code that reaches for the wrong
// environment's APIs fails here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projects = [
  'native/tsconfig.json',
  'electron/common/tsconfig.json',
  'electron/node/tsconfig.json',
  'electron/server/tsconfig.json',
  'electron/main/tsconfig.json',
  'electron/preload/tsconfig.json',
  'renderer/tsconfig.json',
  'test/tsconfig.json',
];

function hasSources(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory() ? hasSources(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts')) return true;
  }
  return false;
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const project of projects) {
  if (!hasSources(join(root, dirname(project)))) {
    console.log(`typecheck: ${project}: no sources yet`);
    continue;
  }
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: 'inherit' });
  console.log(`typecheck: ${project}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
