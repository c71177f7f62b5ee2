// The one place a ticketed console session becomes a bridge, whichever transport accepted the
// WebSocket (browser mode's server, the desktop's console server).
import type { WebSocket } from 'ws';
import { bridgeConsole } from './console-bridge.js';
import type { GraphicsSession, Ticketed } from './console-tickets.js';
import { checkServedByQemu } from './qemu-owner.js';
import { bridgeSerial } from './serial-bridge.js';

/** Close code for a display that is no longer the VM's own (WebSocket's "policy violation"). */
export const NOT_SERVED_CLOSE = 1008;

export function openBridge(ws: WebSocket, session: Ticketed, log: (msg: string) => void): void {
  switch (session.kind) {
    case 'graphics':
      if (session.owner === undefined) return void bridgeConsole(ws, session.target, log, session.stream);
      return bridgeLocal(ws, session, session.owner, log);
    case 'serial':
      return bridgeSerial(ws, session, log);
  }
}

/**
 * A local display bridges only while the VM's own QEMU still listens where the ticket points:
 * between the ticket and the page connecting, the VM may have stopped or restarted, and its
 * port or socket passed to another process.
 */
function bridgeLocal(ws: WebSocket, session: GraphicsSession, owner: string, log: (msg: string) => void): void {
  // Held meanwhile: the page may speak first (SPICE's link message), before the bridge listens.
  ws.pause();
  checkServedByQemu(owner, session.target).then(
    () => {
      if (ws.readyState !== ws.OPEN) return;
      bridgeConsole(ws, session.target, log);
      ws.resume();
    },
    (err: unknown) => {
      log(`console ${session.target.type} of ${owner} refused at connect: ${err instanceof Error ? err.message : String(err)}`);
      if (ws.readyState !== ws.OPEN) return;
      ws.close(NOT_SERVED_CLOSE, 'the display is no longer served by this VM');
      ws.resume(); // to read the page's answer to the close
    },
  );
}
