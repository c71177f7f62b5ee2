// The /api WebSocket as an RpcPeer, with a bounded send buffer: a page that stops reading (or
// reads slower than events come) first misses live-figure ticks, which the next tick replaces
// anyway, and is closed once even results and state events would pile up past the hard limit.
// Nothing is ever buffered without bound.
import type { WebSocket } from 'ws';
import type { RpcMessage, RpcPeer } from '../common/rpc/messages.js';

export interface SendLimits {
  /** Above this many bytes waiting, stats ticks are skipped. */
  skipStatsAt: number;
  /** Above this many bytes waiting, the socket is closed (1008). */
  closeAt: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { skipStatsAt: 1 << 20, closeAt: 16 << 20 };

/** Topics whose next message replaces the last one; they may be skipped for a slow reader. */
const SKIPPABLE = new Set(['stats.sampled']);

export function socketPeer(ws: WebSocket, log: (m: string) => void, onActivity: () => void = () => {}, limits: SendLimits = DEFAULT_SEND_LIMITS): RpcPeer {
  let skipped = 0;
  return {
    send: (m) => {
      if (ws.readyState !== ws.OPEN) return;
      const waiting = ws.bufferedAmount;
      if (m.t === 'event' && SKIPPABLE.has(m.topic) && waiting > limits.skipStatsAt) {
        skipped++;
        return;
      }
      if (waiting > limits.closeAt) {
        log(`closed a WebSocket whose page stopped reading (${waiting} bytes waiting, ${skipped} stats ticks skipped)`);
        ws.close(1008, 'the page stopped reading');
        // A peer that reads nothing would not read the close frame either.
        setTimeout(() => ws.terminate(), 5000).unref();
        return;
      }
      ws.send(JSON.stringify(m));
    },
    onMessage: (handler) => {
      const on = (data: Buffer, isBinary: boolean) => {
        if (isBinary) return ws.close(1003, 'text frames only');
        let m: RpcMessage;
        try {
          m = JSON.parse(data.toString('utf8')) as RpcMessage;
        } catch {
          return ws.close(1007, 'not JSON');
        }
        onActivity();
        handler(m);
      };
      ws.on('message', on);
      return () => ws.off('message', on);
    },
  };
}
