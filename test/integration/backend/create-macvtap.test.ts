// macvtap through the contract on qemu:///system: networks.list lists this machine's physical
// NICs (the ones /sys says are not virtual) and nothing virtual; a VM created on one runs with a
// direct interface on it; a device the host does not offer is refused before anything is made.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import type { VmCreateSpec } from '../../../electron/common/api/vm-create.js';
import { purgeDomain, SYSTEM_URI, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';

/** The host's physical NICs as the kernel sees them, independently of libvirt. */
function physicalNics(): string[] {
  return readdirSync('/sys/class/net')
    .filter((n) => !realpathSync(`/sys/class/net/${n}`).includes('/devices/virtual/'))
    .sort();
}

describe('vmCreate.* with macvtap on qemu:///system', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let connection: string;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await h.client.api.connections.open({ id: connection });
  });
  after(async () => {
    for (const n of names) await purgeDomain(conn, n);
    await h?.close();
    await conn?.close();
  });

  const spec = (name: string, network: VmCreateSpec['network']): VmCreateSpec => ({
    connection,
    name,
    source: { kind: 'pxe' },
    os: 'linux2022',
    memoryMiB: 128,
    vcpus: 1,
    storage: { kind: 'none' },
    network,
    virtType: 'qemu',
  });

  it('lists exactly the physical NICs as macvtap devices, with their link state', async () => {
    const nics = physicalNics();
    assert.ok(nics.length > 0, 'this machine has a physical (non-virtual) NIC, e.g. eth0');
    const direct = (await h.client.api.networks.list({ connection })).filter((n) => n.kind === 'direct');
    assert.deepEqual(
      direct.map((d) => d.name),
      nics,
      'lo, ifb and other virtual devices are left out',
    );
    for (const d of direct) {
      const operstate = readFileSync(`/sys/class/net/${d.name}/operstate`, 'utf8').trim();
      if (operstate === 'up' || operstate === 'down') assert.equal(d.link, operstate, d.name);
    }
  });

  it('a VM created on a host device runs with a direct interface on it in bridge mode', async () => {
    const dev = physicalNics()[0]!;
    const name = uniqueName('create-macvtap');
    names.push(name);
    const preview = await h.client.api.vmCreate.preview({ spec: spec(name, { kind: 'direct', name: dev }) });
    assert.match(preview.xml, new RegExp(`<interface type='direct'>\\s*<source dev='${dev}' mode='bridge'/>`));
    const result = await h.client.api.vmCreate.run({ job: `job-${name}`, spec: spec(name, { kind: 'direct', name: dev }) });
    assert.equal(result.started, true);
    const dom = await conn.lookupByName(name);
    const live = await dom.XMLDesc();
    // libvirt made a macvtap device on it for the running guest.
    assert.match(live, new RegExp(`<interface type='direct'>[\\s\\S]*?<source dev='${dev}' mode='bridge'/>[\\s\\S]*?<target dev='macvtap\\d+'/>`));
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), new RegExp(`<source dev='${dev}' mode='bridge'/>`));
  });

  it('refuses a device the host does not offer, saying which it has, and makes nothing', async () => {
    const name = uniqueName('create-macvtap-bad');
    names.push(name);
    for (const bad of ['lo', 'nosuchnic0']) {
      await assert.rejects(h.client.api.vmCreate.run({ job: `job-${name}`, spec: spec(name, { kind: 'direct', name: bad }) }), (e: unknown) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.code, 'invalid-input');
        assert.match(e.message, new RegExp(`“${bad}” is not a physical network interface`));
        assert.match(e.hint ?? '', new RegExp(physicalNics()[0]!));
        return true;
      });
    }
    await assert.rejects(conn.lookupByName(name), /no domain/i);
  });
});
