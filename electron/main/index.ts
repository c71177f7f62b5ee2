// The desktop app: Electron around the same backend browser mode uses.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain, type BrowserWindowConstructorOptions } from 'electron';
import { defaultConfigDir } from '../node/connections/config-dir.js';
import { startConsoleSocketServer } from '../node/consoles/console-socket-server.js';
import { rendererCsp } from '../node/renderer-files.js';
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
  // The same config dir as browser mode, so both show the same connections.
  const backend = await createBackend({ configDir: defaultConfigDir(), log });
  const consoles = await startConsoleSocketServer({ take: (p) => backend.consoles.take(p), allowedOrigin: APP_ORIGIN, log });
  backend.consoles.publishAt(consoles.origin);
  serveRenderer(join(root, 'dist', 'renderer'), rendererCsp([consoles.origin]));

  // Every window (the main one, detached consoles) gets its own RPC peer on the one backend.
  const openWindow = (url: string, options: BrowserWindowConstructorOptions = {}) => {
    const win = createSecureWindow(join(root, 'dist', 'preload', 'index.cjs'), { ...options, onOpenConsole: (u) => openWindow(u, { width: 1024, height: 800 }) });
    const stop = serve(ipcPeer(ipcMain, win.webContents, log), backend.api, backend.events, log);
    win.on('closed', stop);
    void win.loadURL(url);
  };
  openWindow(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => void Promise.all([consoles.close(), backend.dispose()]).then(() => app.quit()));
});
