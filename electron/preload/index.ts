// The sandboxed preload: exposes one object with two functions, nothing of Electron itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNEL as CHANNEL } from '../common/rpc/channel.js';

contextBridge.exposeInMainWorld('virtdeck', {
  send(message: unknown): void {
    ipcRenderer.send(CHANNEL, message);
  },
  onMessage(handler: (message: unknown) => void): () => void {
    const listener = (_e: IpcRendererEvent, message: unknown) => handler(message);
    ipcRenderer.on(CHANNEL, listener);
    return () => ipcRenderer.removeListener(CHANNEL, listener);
  },
});
