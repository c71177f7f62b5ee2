#!/usr/bin/env node
// `npm start` (after `npm run build`): the desktop app. Where Electron's binary could not be
// installed, says so in one line and points to browser mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  console.error('virtdeck: the electron package is not installed; run `npm install`.');
  process.exit(1);
}
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.error(
    "virtdeck: Electron's binary is not installed (its download failed or was skipped); run `node node_modules/electron/install.js` where the network allows, or `npm run serve` to use Virtdeck in a browser.",
  );
  process.exit(1);
}
const electron = require('electron'); // the binary's path, from the electron package
const child = spawn(electron, [join(root, 'dist', 'main', 'index.mjs')], { stdio: 'inherit', cwd: root });
child.on('exit', (code) => process.exit(code ?? 0));
