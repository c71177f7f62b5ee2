// #17 item 4: a console bridges only to what the VM's own QEMU serves. Against a real running
// QEMU VM, the real sshd on 127.0.0.1:2222 and libvirtd's own socket.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import WebSocket, { WebSocketServer } from 'ws';
import { ApiError } from '../../../electron/common/api/errors.js';
import { bridgeConsole } from '../../../electron/node/consoles/console-bridge.js';
import { graphicsTarget, type GraphicsTarget } from '../../../electron/node/consoles/graphics-target.js';
import { checkServedByQemu } from '../../../electron/node/consoles/qemu-owner.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, waitFor } from './support.js';

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
    try {
      // Whichever comes first: the bridge closing, or a byte of sshd's banner reaching the page
      // (sshd then waits for the client, so waiting for the close alone would hang, not fail).
      const first = await new Promise<Buffer | 'closed'>((resolve) => {
        page.once('message', (d: Buffer) => resolve(d));
        page.once('close', () => resolve('closed'));
      });
      assert.equal(first, 'closed', `relayed: ${first.toString().slice(0, 40)}`);
      assert.ok(
        logs.some((l) => /did not answer as VNC/.test(l)),
        logs.join('\n'),
      );
    } finally {
      page.terminate();
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.close();
    }
  });

  it('consoles.open gives no ticket for a display the VM’s own QEMU does not serve (a VM whose XML names sshd’s port)', async () => {
    // The attack through the product's own door: the test driver reports whatever display its
    // node file lists, here sshd's 127.0.0.1:2222, with a port, so only the owner check stands
    // between the page and sshd.
    const h = await harness();
    try {
      const file = join(h.dir, 'display-at-sshd.xml');
      await writeFile(
        file,
        `<node><domain type='test'><name>at-sshd</name><memory unit='MiB'>64</memory><os><type>hvm</type></os><devices><graphics type='vnc' port='2222' autoport='no' listen='127.0.0.1'/></devices></domain></node>`,
      );
      const id = (await h.client.api.connections.add({ spec: { uri: `test://${file}`, autoconnect: true } })).id;
      await waitFor('connected', async () => (await h.client.api.connections.list({})).find((c) => c.id === id)?.state === 'connected');
      const vm = (await h.client.api.domains.list({ connection: id })).find((d) => d.name === 'at-sshd')!;
      assert.equal(vm.state, 'running');
      const opened = await h.client.api.consoles.open({ ref: vm.ref }).catch((e: unknown) => e);
      assert.ok(refusedInWords(opened), `a ticket (or another error) for sshd’s port: ${JSON.stringify(opened)}`);
    } finally {
      await h.close();
    }
  });
});
