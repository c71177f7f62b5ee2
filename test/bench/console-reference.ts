// The benchmark's reference console: noVNC alone on a page of its own, behind a bare
// WebSocket-to-TCP bridge (no tickets, no RPC, no React), to show what Virtdeck's own path
// adds to opening a console.
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>reference</title></head>
<body style="margin:0;font:14px sans-serif">
<button type="button">Open</button>
<div id="screen" style="width:1240px;height:640px;background:#111"></div>
<script type="module" src="/novnc.js"></script>
<script>
document.querySelector('button').addEventListener('click', () => {
  if (window.rfb) window.rfb.disconnect();
  const screen = document.getElementById('screen');
  screen.textContent = '';
  window.rfb = new RFB(screen, 'ws://' + location.host + '/vnc', { wsProtocols: ['binary'] });
  window.rfb.scaleViewport = true;
  window.rfb.background = '#111';
});
</script></body></html>`;

export interface ReferenceConsole {
  url: string;
  close(): Promise<void>;
}

/** Serves the reference page for the VNC server at host:port. */
export async function startReferenceConsole(host: string, port: number): Promise<ReferenceConsole> {
  const bundle = await build({
    stdin: { contents: "import RFB from '@novnc/novnc'; window.RFB = RFB;", resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const script = bundle.outputFiles[0]!.contents;
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    else if (req.url === '/novnc.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server, path: '/vnc', handleProtocols: () => 'binary' });
  wss.on('connection', (ws) => {
    const tcp = connect(port, host);
    tcp.setNoDelay(true);
    tcp.on('data', (d) => ws.send(d));
    ws.on('message', (d: Buffer) => tcp.write(d));
    tcp.on('close', () => ws.close());
    tcp.on('error', () => ws.close());
    ws.on('close', () => tcp.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
