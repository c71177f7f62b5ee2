// The host's memory as New VM reads it: MemTotal (node memory stats, what the host graph shows),
// not virNodeGetInfo's figure, which on this machine is 9 of 24 GiB.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_URI } from '../native/support.js';
import { harness, waitFor, type Harness } from './support.js';

describe('hosts.capabilities: host memory', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h?.close();
  });

  it('qemu:///system reports /proc/meminfo’s MemTotal', async () => {
    const connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await h.client.api.connections.open({ id: connection });
    const meminfo = await readFile('/proc/meminfo', 'utf8');
    const memTotalKiB = Number(/^MemTotal:\s+(\d+) kB$/m.exec(meminfo)?.[1]);
    assert.ok(memTotalKiB > 0, meminfo);
    const caps = await h.client.api.hosts.capabilities({ connection });
    assert.equal(caps.hostMemoryMiB, Math.floor(memTotalKiB / 1024));
  });

  it('New VM’s “more memory than the host” warning compares with the same figure (qemu:///system)', async () => {
    const connection = (await h.client.api.connections.list({})).find((c) => c.spec.uri === SYSTEM_URI)!.id;
    const hostMiB = (await h.client.api.hosts.capabilities({ connection })).hostMemoryMiB;
    const spec = (memoryMiB: number) =>
      ({
        connection,
        name: 'virtdeck-preview-only',
        source: { kind: 'pxe' },
        os: 'linux2022',
        memoryMiB,
        vcpus: 1,
        storage: { kind: 'none' },
        network: { kind: 'none' },
        virtType: 'qemu',
      }) as const;
    const about = (warnings: string[]) => warnings.filter((w) => /The host has only \d+ MiB/.test(w));
    // Nothing is made by a preview.
    assert.deepEqual(about((await h.client.api.vmCreate.preview({ spec: spec(hostMiB) })).warnings), [], 'all of the host’s memory is not more than it has');
    assert.deepEqual(about((await h.client.api.vmCreate.preview({ spec: spec(hostMiB + 1) })).warnings), [`The host has only ${hostMiB} MiB of memory.`]);
  });

  it('a driver without node memory stats (test:///default) falls back to getInfo', async () => {
    const connection = (await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({})).find((c) => c.id === connection)?.state === 'connected');
    const caps = await h.client.api.hosts.capabilities({ connection });
    // The test driver's node: 3 GiB (virsh -c test:///default nodeinfo).
    assert.equal(caps.hostMemoryMiB, 3 * 1024);
  });
});
