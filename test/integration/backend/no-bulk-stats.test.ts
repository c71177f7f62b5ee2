// Drivers without bulk stats or domain capabilities (libvirt's test driver): the VM list gets
// vCPUs and memory from virDomainGetInfo for the rows on screen, and New VM's first step reads
// the host's capabilities instead of failing on getDomainCapabilities.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../electron/common/api/errors.js';
import { harness, waitFor, type Harness } from './support.js';

describe('test:///default: a driver without bulk stats or domain capabilities', () => {
  let h: Harness;
  let connection: string;
  before(async () => {
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({}))[0]!.state === 'connected');
  });
  after(async () => {
    await h.close();
  });

  it('the rows on screen get vCPUs and memory from getInfo', async () => {
    const row = (await h.client.api.domains.list({ connection })).find((d) => d.name === 'test')!;
    // The driver's bulk stats carry the state only: this is why getInfo is needed.
    assert.equal(row.vcpus, undefined);
    const [extras] = await h.client.api.domains.extras({ connection, uuids: [row.ref.uuid] });
    assert.equal(extras?.vcpus, 2);
    assert.equal(extras?.memoryKiB, 2 * 1024 * 1024);
    assert.equal(extras?.maxMemoryKiB, 8 * 1024 * 1024);
  });

  it('New VM’s capabilities come from the host’s capabilities', async () => {
    const caps = await h.client.api.hosts.capabilities({ connection });
    assert.equal(caps.efi, false);
    assert.equal(caps.tpm, false);
    assert.ok(
      caps.arches.some((a) => a.arch === caps.hostArch),
      JSON.stringify(caps.arches),
    );
    assert.ok(caps.hostMemoryMiB > 0);
  });

  it('a running VM’s console says the driver has no displays (not “no port yet”)', async () => {
    // A VM that lists a VNC display, as a node file may: the test driver never serves it.
    const file = join(h.dir, 'with-display.xml');
    await writeFile(
      file,
      `<node><domain type='test'><name>shown</name><memory unit='MiB'>64</memory><os><type>hvm</type></os><devices><graphics type='vnc' autoport='yes'/></devices></domain></node>`,
    );
    const id = (await h.client.api.connections.add({ spec: { uri: `test://${file}`, autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({})).find((c) => c.id === id)?.state === 'connected');
    const vm = (await h.client.api.domains.list({ connection: id })).find((d) => d.name === 'shown')!;
    assert.equal(vm.state, 'running');
    await assert.rejects(
      h.client.api.consoles.open({ ref: vm.ref }),
      (e: unknown) => e instanceof ApiError && e.code === 'invalid-input' && /test driver\) has no displays/.test(e.message),
    );
  });
});
