/** The one Electron IPC channel between the preload bridge and the main process. */
export const IPC_CHANNEL = 'virtdeck:rpc';
