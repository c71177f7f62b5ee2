// The renderer reaches the backend through one RpcPeer: the preload bridge in the desktop app,
// or a WebSocket to the page's own server in browser mode.
import type { RpcMessage, RpcPeer } from '../../../electron/common/rpc/messages.js';
import { sessionProtocols } from './session.js';

interface Bridge {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    virtdeck?: Bridge;
  }
}

function bridgePeer(bridge: Bridge): RpcPeer {
  return {
    send: (m) => bridge.send(m),
    onMessage: (h) => bridge.onMessage((m) => h(m as RpcMessage)),
  };
}

/** A WebSocket peer presenting the session; messages sent before it opens wait for it. */
function socketPeer(url: string, onClosed: () => void): RpcPeer {
  let ws: WebSocket | null = null;
  const queue: string[] = [];
  const handlers = new Set<(m: RpcMessage) => void>();
  void sessionProtocols().then((protocols) => {
    const socket = new WebSocket(url, protocols);
    ws = socket;
    socket.addEventListener('open', () => {
      for (const q of queue.splice(0)) socket.send(q);
    });
    socket.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as RpcMessage;
      for (const h of handlers) h(m);
    });
    socket.addEventListener('close', onClosed);
  });
  return {
    send(m) {
      const text = JSON.stringify(m);
      if (ws?.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    },
    onMessage(h) {
      handlers.add(h);
      return () => handlers.delete(h);
    },
  };
}

export function connectTransport(onClosed: () => void): RpcPeer {
  if (window.virtdeck) return bridgePeer(window.virtdeck);
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return socketPeer(`${proto}//${location.host}/api`, onClosed);
}
