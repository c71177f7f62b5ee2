// qemu+ssh:// through the loopback sshd of test/support/host-setup.sh: remote events, and
// what happens when the link dies under a connection.
import assert from 'node:assert/strict';
import { mkdtemp, open as openFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { childProcesses, openOrExplain, purgeDomain, SSH_URI, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from './support.js';

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** The ssh process libvirt spawned for the connection opened last. */
async function openWithItsSsh(options?: libvirt.OpenOptions): Promise<{ conn: libvirt.Connection; ssh: number }> {
  const before = new Set(childProcesses('ssh'));
  const conn = await openOrExplain(SSH_URI, options);
  const ssh = childProcesses('ssh').filter((p) => !before.has(p));
  assert.equal(ssh.length, 1, 'the new connection runs one ssh child');
  return { conn, ssh: ssh[0]! };
}

describe('qemu+ssh:// on loopback', () => {
  let local: libvirt.Connection;
  const name = uniqueName('ssh');

  before(async () => {
    local = await openOrExplain(SYSTEM_URI);
  });
  after(async () => {
    await purgeDomain(local, name);
    await local.close();
  });

  it('aborts uploads in flight without a crash: each write settles once', async () => {
    // Regression: an abort used to reject the pending write while the event thread was still
    // sending it, which then resolved it a second time (a use-after-free in V8, a segfault).
    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-abort-'));
    const file = join(dir, 'big.img');
    const fh = await openFile(file, 'w');
    await fh.truncate(256 << 20);
    await fh.close();
    const conn = await openOrExplain(SSH_URI);
    try {
      // A transient pool of the test's own, in its own directory, reached over ssh.
      const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${uniqueName('abort-pool')}</name><target><path>${dir}</path></target></pool>`);
      await pool.create();
      for (let i = 0; i < 8; i++) {
        const vol = await pool.createXML(`<volume><name>${uniqueName('abort')}.img</name><capacity>${256 << 20}</capacity><target><format type='raw'/></target></volume>`);
        const abort = new AbortController();
        let sent = 0;
        const upload = libvirt.uploadFile(vol, file, { signal: abort.signal, onProgress: (done) => (sent = done) });
        await waitFor('some bytes sent', () => sent > 8 << 20, 60_000, 5);
        abort.abort();
        await assert.rejects(upload, /aborted/);
        await vol.delete();
      }
      assert.ok(await conn.isAlive(), 'the connection still answers');
      await pool.destroy();
      await pool.undefine();
    } finally {
      await conn.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens, lists and receives an event made by another client', async () => {
    const { conn } = await openWithItsSsh();
    try {
      assert.match(await conn.getURI(), /^qemu\+ssh:\/\/root@127\.0\.0\.1:\d+\/system/);
      assert.equal(await conn.getType(), 'QEMU');
      assert.ok(Array.isArray(await conn.listAllDomains()));
      const seen: string[] = [];
      await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, async (dom, ev) => {
        if (ev.event === libvirt.DomainEventType.DEFINED) seen.push(await dom.name());
      });
      await local.defineXML(tinyDomainXML(name, { graphics: 'none' }));
      await waitFor('the DEFINED event over ssh', () => seen.includes(name));
      const remote = await conn.lookupByName(name);
      assert.equal(await remote.UUIDString(), await (await local.lookupByName(name)).UUIDString());
    } finally {
      await conn.close();
    }
  });

  it('on a frozen link: keepalive closes it, its pending call rejects, other work goes on', async () => {
    const { conn, ssh } = await openWithItsSsh({ keepAlive: { interval: 1, count: 2 } });
    const other = await openOrExplain(SSH_URI);
    const reasons: number[] = [];
    await conn.registerCloseCallback((_c, reason) => reasons.push(reason));
    process.kill(ssh, 'SIGSTOP');
    try {
      const order: string[] = [];
      const pending = conn.listAllDomains().then(
        () => order.push('pending call resolved'),
        (err: unknown) => {
          assert.ok(err instanceof libvirt.LibvirtError, `rejects with LibvirtError, got ${String(err)}`);
          order.push('pending call rejected');
        },
      );
      // While the link hangs: another connection, file I/O and the JS thread all keep moving.
      await other.listAllDomains();
      order.push('other connection answered');
      await readFile('/proc/self/status');
      order.push('file I/O done');
      await new Promise((r) => setImmediate(r));
      order.push('JS thread turned');
      await pending;
      assert.deepEqual(order, ['other connection answered', 'file I/O done', 'JS thread turned', 'pending call rejected']);
      await waitFor('the close callback', () => reasons.length > 0);
      assert.deepEqual(reasons, [libvirt.ConnectCloseReason.KEEPALIVE]);
      assert.equal(await conn.isAlive().catch(() => false), false);
      assert.ok((await other.getHostname()).length > 0, 'the second connection still answers');
    } finally {
      killIfAlive(ssh); // libvirt usually reaps it when it closes the connection
      await conn.close();
      await other.close();
    }
  });

  it('on a killed ssh: the close callback says EOF (or ERROR) and the pending call rejects', async () => {
    const { conn, ssh } = await openWithItsSsh();
    const reasons: number[] = [];
    await conn.registerCloseCallback((_c, reason) => reasons.push(reason));
    // Freeze first so the call is surely in flight when ssh dies.
    process.kill(ssh, 'SIGSTOP');
    const pending = conn.getCapabilities();
    process.kill(ssh, 'SIGKILL');
    await assert.rejects(pending, libvirt.LibvirtError);
    await waitFor('the close callback', () => reasons.length > 0);
    // EOF when libvirt reads the end of the stream first; ERROR when writing the pending call
    // to the dead pipe fails first (EPIPE). Which comes first is the kernel's timing.
    assert.equal(reasons.length, 1);
    assert.ok(([libvirt.ConnectCloseReason.EOF, libvirt.ConnectCloseReason.ERROR] as number[]).includes(reasons[0]!), `reason ${reasons[0]}`);
    await assert.rejects(conn.listAllDomains(), libvirt.LibvirtError);
    await conn.close();
  });
});
