#!/usr/bin/env node
// `npm install` step: builds the libvirt addon with node-gyp against the system's libvirt,
// then compiles the binding's TypeScript API (native/dist, what `virtdeck/native` loads).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(nativeDir, '..');
const require = createRequire(import.meta.url);

function hasLibvirtHeaders() {
  try {
    execFileSync('pkg-config', ['--exists', 'libvirt'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!hasLibvirtHeaders()) {
  console.error(
    "virtdeck: libvirt's development files were not found (pkg-config libvirt). Install them: Debian/Ubuntu `sudo apt install libvirt-dev pkg-config`, Fedora `sudo dnf install libvirt-devel`, Arch `sudo pacman -S libvirt`, macOS `brew install libvirt pkgconf`; then run `npm install` again.",
  );
  process.exit(1);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// npm hands its own node-gyp to install scripts; the devDependency serves direct runs.
const nodeGyp = process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp) ? process.env.npm_config_node_gyp : require.resolve('node-gyp/bin/node-gyp.js');
// Outside npm (which passes its nodedir setting), use this Node's own headers when it has them.
const gypArgs = [nodeGyp, 'rebuild'];
const nodeDir = join(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) {
  gypArgs.push(`--nodedir=${nodeDir}`);
}
run(process.execPath, gypArgs, nativeDir);

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (existsSync(tsc)) {
  run(process.execPath, [tsc, '-p', join(nativeDir, 'tsconfig.json')], root);
} else {
  console.warn('virtdeck: typescript is not installed, so native/dist was not built; run `npm run build:native-lib` later.');
}
