// New VM on libvirt's test driver (test:///default), as the wizard drives it through the
// contract: the driver has no domain capabilities and no QEMU or KVM guests (its guests are
// <domain type='test'>, i686 only), and no volume upload. The wizard's defaults make a test
// domain that runs; sources that must store files in a pool are refused up front, in words.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../electron/common/api/errors.js';
import type { VmCreateSpec } from '../../../electron/common/api/vm-create.js';
import { tinyIso } from '../../support/tiny-iso.js';
import { harness, waitFor, type Harness } from './support.js';

describe('New VM on test:///default', () => {
  let h: Harness;
  let connection: string;
  before(async () => {
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({}))[0]!.state === 'connected');
  });
  after(async () => {
    await h?.close();
  });

  // What the wizard sends with its defaults: no arch, machine or virt type chosen.
  const spec = (name: string, extra: Partial<VmCreateSpec> = {}): VmCreateSpec => ({
    connection,
    name,
    source: { kind: 'pxe' },
    os: 'linux2022',
    memoryMiB: 128,
    vcpus: 1,
    storage: { kind: 'new', pool: 'default-pool', sizeGiB: 1, format: 'qcow2' },
    network: { kind: 'network', name: 'default' },
    ...extra,
  });

  it('makes and starts a VM with the wizard’s defaults (a test domain; it failed with “no QEMU (TCG) for i686”)', async () => {
    const caps = await h.client.api.hosts.capabilities({ connection });
    assert.deepEqual(
      caps.arches.map((a) => a.arch),
      ['i686'],
    );
    const preview = await h.client.api.vmCreate.preview({ spec: spec('verify-made') });
    assert.match(preview.xml, /^<domain type='test'>/);
    assert.match(preview.xml, /<type arch='i686' machine='pc'>hvm<\/type>/);
    const made = await h.client.api.vmCreate.run({ job: 'job-verify-made', spec: spec('verify-made') });
    assert.equal(made.started, true);
    const row = (await h.client.api.domains.list({ connection })).find((d) => d.name === 'verify-made');
    assert.equal(row?.state, 'running');
    assert.equal(row?.persistent, true);
    const volumes = await h.client.api.storageVolumes.list({ connection, pool: 'default-pool' });
    assert.ok(
      volumes.some((v) => v.name === 'verify-made.qcow2'),
      JSON.stringify(volumes),
    );
  });

  it('makes a VM from an ISO image too, whichever virt type is asked (the driver emulates them all)', async () => {
    const iso = await tinyIso();
    for (const virtType of ['qemu', 'kvm'] as const) {
      const name = `verify-iso-${virtType}`;
      const made = await h.client.api.vmCreate.run({ job: `job-${name}`, spec: spec(name, { source: { kind: 'iso', path: iso }, os: 'debian11', virtType }) });
      assert.equal(made.started, true, virtType);
    }
  });

  it('refuses, before making anything, a network install and a cloud image: the driver cannot store their files in a pool', async () => {
    const before = await h.client.api.storageVolumes.list({ connection, pool: 'default-pool' });
    const refused = (e: unknown) =>
      e instanceof ApiError && e.code === 'invalid-input' && /test driver cannot store files in its pools/.test(e.message) && /ISO image/.test(e.hint ?? '');
    await assert.rejects(
      h.client.api.vmCreate.run({ job: 'job-verify-url', spec: spec('verify-url', { source: { kind: 'url', url: 'http://127.0.0.1:9/tree/', kernel: '', initrd: '' } }) }),
      refused,
    );
    const iso = await tinyIso();
    await assert.rejects(
      h.client.api.vmCreate.preview({ spec: spec('verify-cloud', { source: { kind: 'cloud', baseImage: iso, cloudInit: { user: 'u', sshKeys: [] } } }) }),
      refused,
    );
    assert.deepEqual(await h.client.api.storageVolumes.list({ connection, pool: 'default-pool' }), before, 'nothing was made');
    assert.equal((await h.client.api.domains.list({ connection })).filter((d) => d.name === 'verify-url').length, 0);
  });
});
