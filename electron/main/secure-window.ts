// The one way Virtdeck makes windows: Electron's security checklist applied in one place.
import { BrowserWindow, session, shell, type BrowserWindowConstructorOptions } from 'electron';
import { isConsoleWindowUrl } from './console-window-url.js';
import { APP_ORIGIN } from './ipc-peer.js';

export interface SecureWindowOptions extends BrowserWindowConstructorOptions {
  /** Opens a detached console window; the page asks with window.open on a console URL. */
  onOpenConsole?(url: string): void;
}

export function createSecureWindow(preload: string, { onOpenConsole, ...options }: SecureWindowOptions = {}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    show: false,
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  const contents = win.webContents;
  // No new windows but our own console windows (made here, with these same settings), and no
  // navigation away from our own page; links open in the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    if (isConsoleWindowUrl(url)) onOpenConsole?.(url);
    else if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Denies every permission request (camera, notifications, ...): Virtdeck needs none. */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
