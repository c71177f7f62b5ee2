// Remote console reopen: for a VNC VM on the qemu+ssh loopback host, the time from opening a
// console (the backend's consoles.open, then a WebSocket bridged to the ticket's tunnel) to the
// first bytes of the RFB handshake in the page's socket. The first open pays for the ssh
// master's handshake; reopens ride it (goal: reopen / first ≤ 0.1). Called by console.bench.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as libvirt from 'virtdeck/native';
import WebSocket, { WebSocketServer } from 'ws';
import { openBridge } from '../../electron/node/consoles/open-bridge.js';
import type { Ticketed } from '../../electron/node/consoles/console-tickets.js';
import { createBackend } from '../../electron/node/virt-service.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../integration/native/support.js';
import { median, round } from './stats.js';

const SSH_URI = 'qemu+ssh://root@127.0.0.1:2222/system';

export async function measureRemoteReopen(opts: { opens: number }): Promise<{ remoteFirstOpenMs: number; remoteReopenMs: number; remoteReopenRatio: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-rconsole-'));
  const local = await libvirt.open(SYSTEM_URI);
  const name = uniqueName('bench-rconsole');
  const backend = await createBackend({ configDir: join(dir, 'config'), firstRun: [], askpass: false });
  // The page's side: a loopback WebSocket server that bridges each socket to the next ticket.
  const waiting: Ticketed[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => {
    const t = waiting.shift()!;
    openBridge(ws, t, () => undefined);
  });
  await new Promise((r) => wss.once('listening', r));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  try {
    const dom = await local.createXML(tinyDomainXML(name, { graphics: 'vnc' }));
    const { id } = await backend.api.connections.add({ spec: { uri: SSH_URI, autoconnect: true } });
    await waitFor(`${SSH_URI} connected`, () => backend.connections.get(id).state === 'connected', 60_000);
    const ref = { connection: id, uuid: await dom.UUIDString() };

    const openOnce = async (): Promise<number> => {
      const t0 = performance.now();
      const ticket = await backend.api.consoles.open({ ref });
      const taken = backend.consoles.take(ticket.protocols);
      if (!taken) throw new Error('the ticket was refused');
      waiting.push(taken);
      const ws = new WebSocket(url, 'binary');
      const first = await new Promise<Buffer>((resolve, reject) => {
        ws.once('message', (d: Buffer) => resolve(d));
        ws.once('error', reject);
      });
      const ms = performance.now() - t0;
      if (!first.toString('latin1').startsWith('RFB ')) throw new Error('the display did not greet with RFB');
      ws.close();
      await new Promise((r) => ws.once('close', r));
      return ms;
    };

    const remoteFirstOpenMs = await openOnce();
    const reopens: number[] = [];
    for (let i = 0; i < Math.max(1, opts.opens); i++) reopens.push(await openOnce());
    const remoteReopenMs = median(reopens);
    return { remoteFirstOpenMs: round(remoteFirstOpenMs, 1), remoteReopenMs: round(remoteReopenMs, 1), remoteReopenRatio: round(remoteReopenMs / remoteFirstOpenMs, 3) };
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    await backend.dispose();
    await purgeDomain(local, name);
    await local.close();
    await rm(dir, { recursive: true, force: true });
  }
}
