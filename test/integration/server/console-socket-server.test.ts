// The desktop app's console server, run as the Electron main process runs it (plain Node):
// loopback only, our page's Origin only, one bridge per single-use ticket, against a real
// QEMU VM's VNC server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { ConsoleTicket } from '../../../electron/common/api/consoles.js';
import { startConsoleSocketServer, type ConsoleSocketServer } from '../../../electron/node/consoles/console-socket-server.js';
import { harness, waitFor, type Harness } from '../backend/support.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { nextMessage, openSocket } from '../../support/ws-client.js';

const APP_ORIGIN = 'app://virtdeck';

describe('the desktop console server (real QEMU VNC)', () => {
  let h: Harness;
  let server: ConsoleSocketServer;
  let conn: libvirt.Connection;
  let ref: { connection: string; uuid: string };
  const logged: string[] = [];
  const name = uniqueName('desk-console');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.createXML(tinyDomainXML(name, { graphics: 'vnc' }));
    h = await harness({ askpass: false });
    const info = await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } });
    await h.client.api.connections.open({ id: info.id });
    await waitFor('connected', () => h.backend.connections.list().find((c) => c.id === info.id)?.state === 'connected');
    server = await startConsoleSocketServer({ take: (p) => h.backend.consoles.take(p), allowedOrigin: APP_ORIGIN, log: (m) => logged.push(m) });
    h.backend.consoles.publishAt(server.origin);
    ref = { connection: info.id, uuid: await dom.UUIDString() };
  });
  after(async () => {
    try {
      await server?.close();
      await h?.close();
    } finally {
      await purgeDomain(conn, name);
      await conn.close();
    }
  });

  const ticket = (): Promise<ConsoleTicket> => h.client.api.consoles.open({ ref });

  it('listens on loopback only and points tickets at itself', async () => {
    assert.match(server.origin, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const t = await ticket();
    assert.equal(t.path, `${server.origin}/console`);
  });

  it('bridges a ticket from our page to the VM’s VNC server, once', async () => {
    const t = await ticket();
    const ws = await openSocket(t.path, t.protocols, { Origin: APP_ORIGIN });
    const greeting = (await nextMessage(ws)).toString('latin1');
    assert.match(greeting, /^RFB 003\.00\d\n/);
    ws.close();
    await assert.rejects(openSocket(t.path, t.protocols, { Origin: APP_ORIGIN }), /HTTP 403/, 'a used ticket');
  });

  it('refuses other pages, other hosts, other paths and made-up tickets, without spending a good ticket', async () => {
    const t = await ticket();
    await assert.rejects(openSocket(t.path, t.protocols, { Origin: 'https://evil.example' }), /HTTP 403/, 'a foreign page');
    await assert.rejects(openSocket(t.path, t.protocols, {}), /HTTP 403/, 'no Origin');
    const port = new URL(server.origin).port;
    await assert.rejects(openSocket(`ws://localhost:${port}/console`, t.protocols, { Origin: APP_ORIGIN }), /HTTP 421/, 'another Host (DNS rebinding)');
    await assert.rejects(openSocket(`${server.origin}/api`, t.protocols, { Origin: APP_ORIGIN }), /HTTP 404/, 'another path');
    await assert.rejects(openSocket(t.path, ['binary', `virtdeck.ticket.${'A'.repeat(43)}`], { Origin: APP_ORIGIN }), /HTTP 403/, 'a made-up ticket');
    const ws = await openSocket(t.path, t.protocols, { Origin: APP_ORIGIN });
    ws.close();
    assert.ok(
      logged.every((m) => !t.protocols.some((p) => p.startsWith('virtdeck.ticket.') && m.includes(p.slice(16)))),
      'no ticket in the log',
    );
  });
});
