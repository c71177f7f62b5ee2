// The desktop transport: one IPC channel, messages accepted only from the main frame of our
// own app:// page. Electron objects come in as parameters (structural types), so the wiring
// is testable without Electron's binary.
import { IPC_CHANNEL as CHANNEL } from '../common/rpc/channel.js';
import type { RpcMessage, RpcPeer } from '../common/rpc/messages.js';

export const APP_ORIGIN = 'app://virtdeck';

export interface FrameLike {
  url: string;
}
export interface WebContentsLike {
  id: number;
  mainFrame: FrameLike;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface IpcEventLike {
  sender: WebContentsLike;
  senderFrame: FrameLike | null;
}
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, message: unknown) => void): unknown;
}

/** A message from anything but our page's main frame is dropped (and reported). */
export function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

function isMessage(m: unknown): m is RpcMessage {
  return typeof m === 'object' && m !== null && typeof (m as { t?: unknown }).t === 'string';
}

/** An RpcPeer for one window's webContents. */
export function ipcPeer(ipcMain: IpcMainLike, contents: WebContentsLike, onRefused: (why: string) => void = () => {}): RpcPeer {
  return {
    send(message) {
      if (!contents.isDestroyed()) contents.send(CHANNEL, message);
    },
    onMessage(handler) {
      const listener = (event: IpcEventLike, message: unknown) => {
        if (event.sender.id !== contents.id) return;
        if (!isTrustedSender(event)) return onRefused(`an untrusted frame (${event.senderFrame?.url ?? 'gone'}) sent a message`);
        if (!isMessage(message)) return onRefused('a malformed message');
        handler(message);
      };
      ipcMain.on(CHANNEL, listener);
      const off = () => ipcMain.removeListener(CHANNEL, listener);
      contents.once('destroyed', off);
      return off;
    },
  };
}
