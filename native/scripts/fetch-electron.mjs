#!/usr/bin/env node
// `npm install` step: fetches Electron's binary the way electron's own install script does,
// but a failed download does not fail the install. The project's allowScripts keeps
// electron's script from running by itself for exactly that reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('virtdeck: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so the Electron binary was not fetched; only the desktop app needs it.');
  process.exit(0);
}
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  process.exit(0); // electron is a dev dependency; a production install has none
}
const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 300_000 });
const ok = r.status === 0 && existsSync(join(dirname(installer), 'path.txt'));
if (!ok) {
  const lines = (r.stderr || r.error?.message || '').split('\n').map((l) => l.trim());
  const reason = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines.find(Boolean) ?? 'unknown error';
  console.warn(
    `virtdeck: the Electron binary could not be downloaded (${reason}); the install goes on without it. Only the desktop app needs it: retry with \`node node_modules/electron/install.js\`.`,
  );
}
