#!/usr/bin/env node
// `virtdeck serve [options]`: Virtdeck in a browser (see README, "Browser mode").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (command !== 'serve') {
  console.error('usage: virtdeck serve [--port N] [--listen ADDRESS --tls-cert FILE --tls-key FILE] [--config-dir DIR]');
  process.exit(2);
}
// The UI is built on first use (npm install builds only the libvirt binding).
if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-renderer.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'electron', 'server', 'main.ts'), ...args], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
