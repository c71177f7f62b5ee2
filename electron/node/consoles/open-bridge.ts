// The one place a ticketed console session becomes a bridge, whichever transport accepted the
// WebSocket (browser mode's server, the desktop's console server).
import type { WebSocket } from 'ws';
import { bridgeConsole } from './console-bridge.js';
import type { Ticketed } from './console-tickets.js';
import { bridgeSerial } from './serial-bridge.js';

export function openBridge(ws: WebSocket, session: Ticketed, log: (msg: string) => void): void {
  switch (session.kind) {
    case 'graphics':
      return void bridgeConsole(ws, session.target, log, session.stream);
    case 'serial':
      return bridgeSerial(ws, session, log);
  }
}
