// Console bridges through browser mode's server, against a real QEMU VM's VNC server: a ticket
// opens one bridge once; no ticket, a used or wrong one, or a foreign page gets nothing.
import assert from 'node:assert/strict';
import { createServer as createTcp, type Server as TcpServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { ConsoleTicket } from '../../../electron/common/api/consoles.js';
import { NOT_SERVED_CLOSE } from '../../../electron/node/consoles/open-bridge.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from '../native/support.js';
import { nextMessage, openSocket, startSignedInServe, type SignedInServe } from '../../support/ws-client.js';

describe('console bridges in browser mode (real QEMU VNC)', () => {
  let serve: SignedInServe;
  let conn: libvirt.Connection;
  let call: SignedInServe['call'];
  let origin: string;
  let headers: Record<string, string>;
  let ref: { connection: string; uuid: string };
  const name = uniqueName('console');
  const stopped = uniqueName('console-off');
  const onSocket = uniqueName('console-sock');
  const gone = uniqueName('console-gone');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.createXML(tinyDomainXML(name, { graphics: 'vnc' }));
    await conn.defineXML(tinyDomainXML(stopped, { graphics: 'vnc' }));
    // A display on a unix socket: libvirt picks the path (under its own directories).
    await conn.createXML(tinyDomainXML(onSocket, { graphics: 'vnc' }).replace(/<graphics [^>]*\/>/, "<graphics type='vnc'><listen type='socket'/></graphics>"));
    serve = await startSignedInServe([{ id: 'local', uri: SYSTEM_URI }]);
    ({ origin, headers, call } = serve);
    ref = { connection: 'local', uuid: await dom.UUIDString() };
  });
  after(async () => {
    try {
      await serve?.close();
    } finally {
      await purgeDomain(conn, name);
      await purgeDomain(conn, stopped);
      await purgeDomain(conn, onSocket);
      await purgeDomain(conn, gone);
      await conn.close();
    }
  });

  const ticket = async (): Promise<ConsoleTicket> => {
    const r = await call('consoles.open', { ref });
    assert.ok(r.ok, JSON.stringify(r.error));
    return r.value as ConsoleTicket;
  };

  it('bridges a ticket to the VM’s VNC server, which greets with RFB', async () => {
    const t = await ticket();
    assert.equal(t.type, 'vnc');
    assert.deepEqual(t.available, ['vnc']);
    assert.equal(t.passwordRequired, false);
    assert.equal(t.protocols[0], 'binary');
    const ws = await openSocket(`${origin.replace('http', 'ws')}${t.path}`, t.protocols, headers);
    assert.equal(ws.protocol, 'binary');
    const greeting = (await nextMessage(ws)).toString('latin1');
    assert.match(greeting, /^RFB 003\.00\d\n/);
    // Our side of the handshake reaches the server: it answers with its security types.
    ws.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const security = await nextMessage(ws);
    assert.ok(security.length >= 2 && security[0]! >= 1, 'a list of security types');
    ws.close();
  });

  it('bridges a display that listens on a unix socket', async () => {
    const dom = await conn.lookupByName(onSocket);
    assert.match(await dom.XMLDesc(0), /<listen type='socket' socket='\/(var\/lib|run)\/libvirt\//);
    const r = await call('consoles.open', { ref: { connection: 'local', uuid: await dom.UUIDString() } });
    assert.ok(r.ok, JSON.stringify(r.error));
    const t = r.value as ConsoleTicket;
    const ws = await openSocket(`${origin.replace('http', 'ws')}${t.path}`, t.protocols, headers);
    const greeting = (await nextMessage(ws)).toString('latin1');
    assert.match(greeting, /^RFB 003\.00\d\n/);
    ws.close();
  });

  it('opens one bridge per ticket, and none without a valid one', async () => {
    const t = await ticket();
    const url = `${origin.replace('http', 'ws')}${t.path}`;
    const first = await openSocket(url, t.protocols, headers);
    first.close();
    await assert.rejects(openSocket(url, t.protocols, headers), /HTTP 403/, 'a used ticket');
    await assert.rejects(openSocket(url, ['binary', 'virtdeck.ticket.' + 'A'.repeat(43)], headers), /HTTP 403/, 'a made-up ticket');
    await assert.rejects(openSocket(url, ['binary'], headers), /HTTP 403/, 'no ticket');
    const fresh = await ticket();
    await assert.rejects(openSocket(url, fresh.protocols, { ...headers, Origin: 'https://evil.example' }), /HTTP 403/, 'a foreign page');
    // The cookie (which other ports of 127.0.0.1 receive) is no ticket.
    await assert.rejects(openSocket(url, ['binary'], { Cookie: headers.Cookie!, Origin: origin }), /HTTP 403/, 'the cookie alone');
    void fresh;
  });

  it('refuses at connect a ticket whose display is no longer the VM’s (stopped, its port taken by another process)', async () => {
    const dom = await conn.createXML(tinyDomainXML(gone, { graphics: 'vnc' }));
    const r = await call('consoles.open', { ref: { connection: 'local', uuid: await dom.UUIDString() } });
    assert.ok(r.ok, JSON.stringify(r.error));
    const t = r.value as ConsoleTicket;
    const port = Number(/<graphics type='vnc' port='(\d+)'/.exec(await dom.XMLDesc(0))?.[1]);
    assert.ok(port > 0, 'the live XML gives the VNC port');
    // Between the ticket and the page connecting, the VM stops and another process takes its port,
    // greeting as a VNC server would.
    await dom.destroy();
    const impostor: TcpServer = createTcp((s) => s.end('RFB 003.008\n'));
    await waitFor(
      'the VM’s port to be free',
      () =>
        new Promise<boolean>((resolve) => {
          impostor.once('error', () => resolve(false));
          impostor.listen(port, '127.0.0.1', () => resolve(true));
        }),
      30_000,
      200,
    );
    try {
      const ws = await openSocket(`${origin.replace('http', 'ws')}${t.path}`, t.protocols, headers);
      const relayed: Buffer[] = [];
      ws.on('message', (d: Buffer) => relayed.push(d));
      const end = await new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      assert.equal(end.code, NOT_SERVED_CLOSE, `closed with ${end.code} ${end.reason}`);
      assert.equal(end.reason, 'the display is no longer served by this VM');
      assert.equal(relayed.length, 0, `relayed: ${Buffer.concat(relayed).toString('latin1')}`);
    } finally {
      await new Promise((r) => impostor.close(r));
    }
  });

  it('says why there is no console for a VM that is not running', async () => {
    const off = await conn.lookupByName(stopped);
    const r = await call('consoles.open', { ref: { connection: 'local', uuid: await off.UUIDString() } });
    assert.equal(r.ok, false);
    assert.match(r.error!.message, /not running/);
  });
});
