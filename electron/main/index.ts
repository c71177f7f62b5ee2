// The desktop app: Electron around the same backend browser mode uses.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain } from 'electron';
import { defaultConfigDir } from '../node/connections/config-dir.js';
import { serve } from '../node/rpc/serve.js';
import { createBackend } from '../node/virt-service.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { APP_ORIGIN, ipcPeer } from './ipc-peer.js';
import { createSecureWindow, lockDownSession } from './secure-window.js';

// From source (electron/main) or from the bundle (dist/main): the package root holds dist/.
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
const log = (m: string) => process.stderr.write(`virtdeck: ${m}\n`);

registerAppScheme();
app.enableSandbox();

void app.whenReady().then(async () => {
  lockDownSession();
  serveRenderer(join(root, 'dist', 'renderer'));
  // The same config dir as browser mode, so both show the same connections.
  const backend = await createBackend({ configDir: defaultConfigDir(), log });
  const win = createSecureWindow(join(root, 'dist', 'preload', 'index.cjs'));
  const stop = serve(ipcPeer(ipcMain, win.webContents, log), backend.api, backend.events, log);
  win.on('closed', stop);
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => void backend.dispose().then(() => app.quit()));
});
