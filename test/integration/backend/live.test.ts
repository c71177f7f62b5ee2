// The backend against a real libvirtd with QEMU, and over a real SSH link that dies.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { ConnectionInfo } from '../../../electron/common/api/connections.js';
import type { DomainSummary } from '../../../electron/common/api/domains.js';
import { childProcesses, SSH_URI, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { FakeTimers } from '../../support/fake-timers.js';
import { harness, waitFor, type Harness } from './support.js';

const run = promisify(execFile);

describe('a VM changed with virsh elsewhere shows its new state', () => {
  let h: Harness;
  let id: string;
  const name = uniqueName('virsh');
  before(async () => {
    h = await harness();
    id = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({}))[0]!.state === 'connected');
  });
  after(async () => {
    await run('virsh', ['-c', SYSTEM_URI, 'destroy', name]).catch(() => undefined);
    await run('virsh', ['-c', SYSTEM_URI, 'undefine', name]).catch(() => undefined);
    await h.close();
  });

  it('defined, started, stopped and undefined by virsh: each change arrives as an event', async () => {
    const seen = (pred: (s: DomainSummary) => boolean) => () =>
      h.events.some((e) => e.topic === 'domain.changed' && (e.payload as DomainSummary).name === name && pred(e.payload as DomainSummary));
    const file = `${h.dir}/dom.xml`;
    await import('node:fs/promises').then((fs) => fs.writeFile(file, tinyDomainXML(name, { graphics: 'none' })));
    let t0 = Date.now();
    await run('virsh', ['-c', SYSTEM_URI, 'define', file]);
    await waitFor(
      'the defined VM',
      seen((s) => s.state === 'shutoff'),
    );
    const defineMs = Date.now() - t0;
    t0 = Date.now();
    await run('virsh', ['-c', SYSTEM_URI, 'start', name]);
    await waitFor(
      'the VM running',
      seen((s) => s.state === 'running' && s.id > 0),
    );
    const startMs = Date.now() - t0;
    console.log(`# event to backend after virsh returned: define ${defineMs} ms, start ${startMs} ms`);
    const row = (await h.client.api.domains.list({ connection: id })).find((r) => r.name === name)!;
    assert.equal(row.state, 'running');
    assert.equal(row.persistent, true);
    await run('virsh', ['-c', SYSTEM_URI, 'destroy', name]);
    await waitFor(
      'the VM shut off',
      seen((s) => s.state === 'shutoff' && s.reason === 'destroyed'),
    );
    await run('virsh', ['-c', SYSTEM_URI, 'undefine', name]);
    await waitFor('the VM removed', () => h.events.some((e) => e.topic === 'domain.removed' && (e.payload as { uuid: string }).uuid === row.ref.uuid));
  });

  it('starts and forces off a TCG VM through the contract', async () => {
    const conn = await libvirt.open(SYSTEM_URI);
    const n = uniqueName('ui');
    const dom = await conn.defineXML(tinyDomainXML(n, { graphics: 'none' }));
    try {
      const ref = { connection: id, uuid: await dom.UUIDString() };
      await h.client.api.domains.start({ ref });
      assert.equal((await h.client.api.domains.details({ ref })).state, 'running');
      const d = await h.client.api.domains.details({ ref });
      assert.equal(d.hypervisorType, 'qemu');
      assert.equal(d.os.arch, 'x86_64');
      await h.client.api.domains.forceOff({ ref });
      assert.equal((await h.client.api.domains.details({ ref })).state, 'shutoff');
    } finally {
      await dom.destroy().catch(() => 0);
      await dom.undefineFlags().catch(() => 0);
      await conn.close();
    }
  });
});

describe('losing an SSH host', () => {
  it('shows it disconnected with the reason, retries with backoff, and reconnects', async () => {
    const timers = new FakeTimers();
    const h = await harness({
      timers,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      open: (uri) => libvirt.open(uri, { keepAlive: { interval: 1, count: 2 } }),
    });
    try {
      const before = new Set(childProcesses('ssh'));
      const { id } = await h.client.api.connections.add({ spec: { uri: SSH_URI, autoconnect: false } });
      await h.client.api.connections.open({ id });
      const [ssh] = childProcesses('ssh').filter((p) => !before.has(p));
      assert.ok(ssh, 'libvirt runs ssh for the connection');
      process.kill(ssh, 'SIGKILL');
      const lost = await waitFor('the disconnected state', () =>
        h.events.map((e) => e.payload as ConnectionInfo).find((c) => c.id === id && c.state === 'disconnected' && c.retryAt !== undefined),
      );
      assert.match(lost.error?.message ?? '', /closed the connection/);
      // First retry after base/2 + random * base/2 = 750 ms (random fixed at 0.5).
      assert.deepEqual(timers.pending(), [750]);
      timers.advance(749);
      assert.equal((await h.client.api.connections.list({}))[0]!.state, 'disconnected');
      timers.advance(1);
      await waitFor('connected again', async () => (await h.client.api.connections.list({}))[0]!.state === 'connected');
      assert.ok((await h.client.api.domains.list({ connection: id })).length >= 0);
      // A manual close stops all retries.
      await h.client.api.connections.close({ id });
      assert.deepEqual(timers.pending(), []);
    } finally {
      await h.close();
    }
  });
});
