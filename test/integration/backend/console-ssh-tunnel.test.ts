// Remote consoles through ssh, at the backend: a qemu+ssh connection to the loopback sshd,
// real QEMU VNC displays on the far side's loopback (over TCP and on a unix socket), and the
// test driver over test+ssh for XML no real hypervisor would make (hostile listen addresses,
// a port nothing listens on). One ssh master serves the host; it ends with the connections.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { ConsoleTicket } from '../../../electron/common/api/consoles.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, xmlEscape } from '../native/support.js';
import { connectionsTo, sshDescendants } from '../../support/ssh-processes.js';
import { harness, waitFor, type Harness } from './support.js';

const SSH_PORT = 2222;
const QEMU_SSH = `qemu+ssh://root@127.0.0.1:${SSH_PORT}/system`;
const TEST_SSH = `test+ssh://root@127.0.0.1:${SSH_PORT}/default`;

function greeting(stream: Duplex): Promise<string> {
  return new Promise((resolve, reject) => {
    stream.once('data', (d: Buffer) => resolve(d.toString('latin1')));
    stream.once('error', reject);
  });
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const testDomain = (name: string, graphics: string) =>
  `<domain type='test'><name>${xmlEscape(name)}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>${graphics}</devices></domain>`;

describe('remote consoles through one ssh master per host (real sshd, QEMU VNC)', () => {
  let h: Harness;
  let local: libvirt.Connection;
  let qemuId = '';
  let testId = '';
  let testConn: libvirt.Connection;
  const vm = uniqueName('rc-tcp');
  const sockVm = uniqueName('rc-sock');
  const socketPath = `/run/libvirt/qemu/${sockVm}.vnc`;
  const hostile: string[] = [];
  let refusedVm = '';
  const streams: Duplex[] = [];
  let controlDir = '';

  const ref = async (conn: libvirt.Connection, id: string, name: string) => ({ connection: id, uuid: await (await conn.lookupByName(name)).UUIDString() });
  const open = async (r: { connection: string; uuid: string }): Promise<{ ticket: ConsoleTicket; stream: Duplex }> => {
    const ticket = await h.client.api.consoles.open({ ref: r });
    const taken = h.backend.consoles.take(ticket.protocols);
    assert.ok(taken?.stream, 'a remote console comes with its tunnel');
    streams.push(taken.stream);
    return { ticket, stream: taken.stream };
  };

  before(async () => {
    local = await libvirt.open(SYSTEM_URI);
    await local.createXML(tinyDomainXML(vm, { graphics: 'vnc' }));
    await local.createXML(
      tinyDomainXML(sockVm, { graphics: 'vnc' }).replace(/<graphics [^>]*\/>/, `<graphics type='vnc'><listen type='socket' socket='${socketPath}'/></graphics>`),
    );
    h = await harness();
    qemuId = (await h.client.api.connections.add({ spec: { uri: QEMU_SSH, autoconnect: true } })).id;
    testId = (await h.client.api.connections.add({ spec: { uri: TEST_SSH, autoconnect: true } })).id;
    await waitFor('both ssh connections up', async () => (await h.client.api.connections.list({})).every((c) => c.state === 'connected'), 60_000);
    testConn = h.backend.connections.connection(testId);
  });
  after(async () => {
    for (const s of streams) s.destroy();
    try {
      for (const n of hostile) await purgeDomain(testConn, n).catch(() => undefined);
      if (refusedVm) await purgeDomain(testConn, refusedVm).catch(() => undefined);
      await h?.close();
    } finally {
      await purgeDomain(local, vm);
      await purgeDomain(local, sockVm);
      await local.close();
    }
  });

  it('opens a VNC display on the far side’s loopback through ssh -W; reopening rides the same master', async () => {
    const r = await ref(local, qemuId, vm);
    const libvirts = connectionsTo(SSH_PORT);
    assert.equal(libvirts.length, 2, `libvirt's own ssh of both connections: ${JSON.stringify(libvirts)}`);
    const first = await open(r);
    assert.equal(first.ticket.type, 'vnc');
    assert.match(await greeting(first.stream), /^RFB 003\.00\d\n/);
    const masters = sshDescendants().filter((p) => p.argv.includes('-N') && p.argv.includes('ControlMaster=yes'));
    assert.equal(masters.length, 1, 'one master');
    const control = masters[0]!.argv[masters[0]!.argv.indexOf('-S') + 1]!;
    controlDir = dirname(control);
    assert.equal(statSync(dirname(control)).mode & 0o777, 0o700, 'the control socket is in a private directory');
    // The first console signed in once more: the master's own TCP connection.
    const before = connectionsTo(SSH_PORT);
    assert.deepEqual(
      before.filter((c) => !libvirts.includes(c)).map((c) => Number(c.split(':')[0])),
      [masters[0]!.pid],
    );

    // A spare channel to the same display is made for the next open, which takes it.
    const withW = () => sshDescendants().filter((p) => p.argv.includes('-W'));
    await waitFor('a spare channel', () => withW().length === 2, 30_000);
    const spare = withW().map((p) => p.pid);
    const second = await open(r);
    assert.match(await greeting(second.stream), /^RFB 003\.00\d\n/);
    const after = connectionsTo(SSH_PORT);
    assert.deepEqual(after, before, 'no new TCP connection (no ssh handshake) for the second console');
    await waitFor('the next spare', () => withW().length === 3, 30_000);
    const channels = withW();
    assert.deepEqual(spare.filter((pid) => channels.some((c) => c.pid === pid)).length, 2, 'the second console took the spare; none was closed');
    for (const c of channels) assert.ok(c.argv.includes('ControlMaster=no') && c.argv.includes('--'), c.argv.join(' '));
    assert.equal(sshDescendants().filter((p) => p.argv.includes('-N')).length, 1, 'still one master');
  });

  it('forwards a display on a unix socket through the same master', async () => {
    const r = await ref(local, qemuId, sockVm);
    const before = connectionsTo(SSH_PORT);
    const { stream } = await open(r);
    assert.match(await greeting(stream), /^RFB 003\.00\d\n/);
    assert.deepEqual(connectionsTo(SSH_PORT), before, 'the socket forward rides the master too');
  });

  it('says so when the far side refuses the display’s port', async () => {
    refusedVm = uniqueName('rc-refused');
    await testConn.createXML(testDomain(refusedVm, `<graphics type='vnc' port='${await closedPort()}' listen='127.0.0.1'/>`));
    const r = await ref(testConn, testId, refusedVm);
    const tcpBefore = connectionsTo(SSH_PORT);
    await assert.rejects(h.client.api.consoles.open({ ref: r }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.match(e.message, /refused the connection to the VM’s display at 127\.0\.0\.1:\d+/);
      assert.match(e.hint ?? '', /Reconnect/);
      return true;
    });
    // test+ssh and qemu+ssh reach the same account on the same host: one master for both.
    assert.deepEqual(connectionsTo(SSH_PORT), tcpBefore, 'no new ssh sign-in');
    assert.equal(sshDescendants().filter((p) => p.argv.includes('-N')).length, 1, 'one master for the host');
  });

  it('never hands hostile XML values to ssh or a shell', async () => {
    const marker = `/tmp/virtdeck-rc-${process.pid}`;
    const cases = [
      `<graphics type='vnc' port='5901'><listen type='address' address='127.0.0.1;touch ${marker}'/></graphics>`,
      `<graphics type='vnc' port='5901' listen='-oProxyCommand=touch ${marker}'/>`,
      `<graphics type='vnc' port='5901' listen='$(touch ${marker})'/>`,
      `<graphics type='vnc'><listen type='socket' socket='/run/libvirt/qemu/x:/tmp/y'/></graphics>`,
      `<graphics type='vnc'><listen type='socket' socket='/run/libvirt/qemu/x -oProxyCommand=touch ${marker}'/></graphics>`,
    ];
    const channelsBefore = sshDescendants().filter((p) => p.argv.includes('-W') || p.argv.includes('-O')).length;
    for (const g of cases) {
      const name = uniqueName('rc-hostile');
      hostile.push(name);
      await testConn.createXML(testDomain(name, g));
      await assert.rejects(
        h.client.api.consoles.open({ ref: await ref(testConn, testId, name) }),
        (e: unknown) => {
          assert.ok(e instanceof ApiError, String(e));
          assert.equal(e.code, 'invalid-input', e.message);
          assert.match(e.message, /not an IP address|socket path/);
          return true;
        },
        g,
      );
    }
    assert.equal(existsSync(marker), false, 'nothing ran');
    assert.equal(sshDescendants().filter((p) => p.argv.includes('-W') || p.argv.includes('-O')).length, channelsBefore, 'no ssh started for them');
  });

  it('ends the master and its consoles when the connections to the host close; no ssh remains', async () => {
    await h.client.api.connections.close({ id: qemuId });
    // The test connection still uses the host: its master stays.
    assert.equal(sshDescendants().filter((p) => p.argv.includes('-N')).length, 1);
    await h.client.api.connections.close({ id: testId });
    await waitFor('no ssh process left', () => sshDescendants().length === 0, 30_000);
    await h.backend.consoles.dispose();
    assert.equal(existsSync(controlDir), false, 'the private directory is gone');
    for (const s of streams) await waitFor('the console’s stream closed', () => s.destroyed || s.closed);
  });
});
