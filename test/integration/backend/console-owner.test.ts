// #17 item 4: a console bridges only to what the VM's own QEMU serves. Against a real running
// QEMU VM, the real sshd on 127.0.0.1:2222 and libvirtd's own socket.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import WebSocket, { WebSocketServer } from 'ws';
import { ApiError } from '../../../electron/common/api/errors.js';
import { bridgeConsole } from '../../../electron/node/consoles/console-bridge.js';
import { graphicsTarget, type GraphicsTarget } from '../../../electron/node/consoles/graphics-target.js';
import { checkServedByQemu } from '../../../electron/node/consoles/qemu-owner.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';

const refusedInWords = (e: unknown) => e instanceof ApiError && e.code === 'invalid-input' && /will not connect/.test(e.message);

describe('console targets (real QEMU, sshd, libvirtd)', () => {
  let conn: libvirt.Connection;
  const name = uniqueName('owner');
  const onSocket = uniqueName('owner-sock');
  let vnc: { host: string; port: number };

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.createXML(tinyDomainXML(name, { graphics: 'vnc' }));
    await conn.createXML(tinyDomainXML(onSocket, { graphics: 'vnc' }).replace(/<graphics [^>]*\/>/, "<graphics type='vnc'><listen type='socket'/></graphics>"));
    const t = graphicsTarget(await dom.XMLDesc(0));
    assert.ok(!('socket' in t));
    vnc = { host: t.host, port: t.port };
  });
  after(async () => {
    await purgeDomain(conn, name);
    await purgeDomain(conn, onSocket);
    await conn.close();
  });

  const target = (t: { host: string; port: number } | { socket: string }): GraphicsTarget => ({ type: 'vnc', passwordRequired: false, ...t });

  it('admits the VM’s own VNC port and its own VNC socket', async () => {
    await checkServedByQemu(name, target(vnc));
    const dom = await conn.lookupByName(onSocket);
    const t = graphicsTarget(await dom.XMLDesc(0));
    assert.ok('socket' in t, 'a socket display');
    await checkServedByQemu(onSocket, t);
  });

  it('refuses sshd on 127.0.0.1:2222, another address, another VM’s port and libvirtd’s socket, in words', async () => {
    await assert.rejects(checkServedByQemu(name, target({ host: '127.0.0.1', port: 2222 })), refusedInWords, 'sshd');
    await assert.rejects(checkServedByQemu(name, target({ host: '127.0.0.2', port: vnc.port === 2222 ? 2223 : 2222 })), refusedInWords, '127.0.0.2');
    await assert.rejects(checkServedByQemu(onSocket, target(vnc)), refusedInWords, 'another VM’s display');
    await assert.rejects(checkServedByQemu(name, target({ socket: '/var/run/libvirt/libvirt-sock' })), refusedInWords, 'libvirtd’s socket');
    await assert.rejects(checkServedByQemu('no-such-vm-virtdeck', target(vnc)), refusedInWords, 'no pid');
    // The XML check stops a socket outside QEMU's per-VM directories before any of this.
    const xml = tinyDomainXML('x', { graphics: 'vnc' })
      .replace('<domain ', "<domain id='7' ")
      .replace(/<graphics [^>]*\/>/, "<graphics type='vnc' socket='/var/run/libvirt/libvirt-sock'/>");
    assert.throws(
      () => graphicsTarget(xml),
      (e: unknown) => e instanceof ApiError && /will not connect/.test(e.message),
    );
  });

  it('relays nothing from a peer that does not greet as VNC (sshd’s banner never reaches the page)', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const logs: string[] = [];
    wss.on('connection', (ws) => bridgeConsole(ws, target({ host: '127.0.0.1', port: 2222 }), (m) => logs.push(m)));
    const page = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    const received: Buffer[] = [];
    page.on('message', (d: Buffer) => received.push(d));
    await new Promise<void>((resolve) => page.once('close', () => resolve()));
    assert.equal(received.length, 0, `relayed: ${Buffer.concat(received).toString().slice(0, 40)}`);
    assert.ok(
      logs.some((l) => /did not answer as VNC/.test(l)),
      logs.join('\n'),
    );
    wss.close();
    http.close();
  });
});
