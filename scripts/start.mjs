#!/usr/bin/env node
// `npm start`: launches the desktop app with Electron. Where Electron's binary could not be
// installed, says so in one line and points to browser mode.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  console.error('virtdeck: the electron package is not installed; run `npm install`.');
  process.exit(1);
}
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.error(
    "virtdeck: Electron's binary is not installed (its download failed or was skipped); run `node node_modules/electron/install.js` where the network allows, or run `npm run serve` to use Virtdeck in a browser.",
  );
  process.exit(1);
}
const shell = join(dirname(new URL(import.meta.url).pathname), '..', 'electron', 'main');
if (!existsSync(join(shell, 'index.ts'))) {
  console.error('virtdeck: the desktop shell (electron/main) is not part of this build yet; `npm run serve` runs Virtdeck in a browser.');
  process.exit(1);
}
