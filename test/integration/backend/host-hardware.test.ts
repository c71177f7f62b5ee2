// What the hardware editors learn about a host, on qemu:///system and the test driver: CPU modes
// and models from domain capabilities, the nested virtualization switch (read from the real
// filesystem, here a directory laid out like /sys), and the host's PCI devices as virsh lists them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { nestedState } from '../../../electron/node/hosts/host-hardware.js';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';

const run = promisify(execFile);

describe('host facts for the hardware editors', () => {
  let h: Harness;
  let system: string;
  let test: string;

  before(async () => {
    h = await harness();
    ({ id: system } = await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } }));
    ({ id: test } = await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: false } }));
    await h.client.api.connections.open({ id: system });
    await h.client.api.connections.open({ id: test });
  });
  after(() => h?.close());

  it('offers the CPU modes and named models QEMU has for TCG guests', async () => {
    const cpu = await h.client.api.hosts.cpu({ connection: system, arch: 'x86_64', virtType: 'qemu' });
    assert.ok(cpu.modes.includes('custom'), cpu.modes.join());
    assert.ok(
      cpu.models.some((m) => m.name === 'qemu64' && m.usable),
      'qemu64 is a usable model under TCG',
    );
    assert.ok(['on', 'off', 'no-kvm', 'unsupported'].includes(cpu.nested.state), 'a local host says what its kvm module allows');
  });

  it('the test driver has no domain capabilities: no models, no error', async () => {
    const cpu = await h.client.api.hosts.cpu({ connection: test });
    assert.deepEqual(cpu.models, []);
  });

  it('reads the nested switch of whichever kvm module is loaded; unknown for another machine', async () => {
    const sys = await mkdtemp(join(tmpdir(), 'virtdeck-sys-'));
    try {
      assert.deepEqual(await nestedState(false, sys), { state: 'no-kvm' });
      await mkdir(join(sys, 'module/kvm_pvm/parameters'), { recursive: true });
      assert.deepEqual(await nestedState(false, sys), { state: 'unsupported', module: 'kvm_pvm' }, 'KVM without a nested switch');
      await mkdir(join(sys, 'module/kvm_amd/parameters'), { recursive: true });
      await writeFile(join(sys, 'module/kvm_amd/parameters/nested'), '1\n');
      assert.deepEqual(await nestedState(false, sys), { state: 'on', module: 'kvm_amd' });
      await writeFile(join(sys, 'module/kvm_amd/parameters/nested'), '0\n');
      assert.deepEqual(await nestedState(false, sys), { state: 'off', module: 'kvm_amd' });
      assert.deepEqual(await nestedState(true, sys), { state: 'unknown' });
    } finally {
      await rm(sys, { recursive: true, force: true });
    }
  });

  it('lists the host’s PCI devices as virsh does, with addresses and names', async () => {
    const devices = await h.client.api.hosts.devices({ connection: system, kind: 'pci' });
    const { stdout } = await run('virsh', ['-c', SYSTEM_URI, 'nodedev-list', '--cap', 'pci']);
    const names = stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(devices.map((d) => d.name).sort(), names);
    for (const d of devices) {
      assert.match(d.address, /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/);
      assert.equal(d.name, `pci_${d.address.replace(/[:.]/g, '_')}`);
    }
    assert.ok(
      devices.some((d) => d.vendor),
      'vendor names come along',
    );
  });

  it('says which VMs pass a host PCI device through; lists the host’s NICs and disks too', async () => {
    const conn = await libvirt.open(SYSTEM_URI);
    const name = uniqueName('hostdev-user');
    try {
      const pci = await h.client.api.hosts.devices({ connection: system, kind: 'pci' });
      const target = pci[pci.length - 1]!;
      const [dom, bus, slotFn] = target.address.split(':') as [string, string, string];
      const [slot, fn] = slotFn.split('.') as [string, string];
      await conn.defineXML(
        tinyDomainXML(name, { graphics: 'none' }).replace(
          '</devices>',
          `<hostdev mode='subsystem' type='pci' managed='no'><source><address domain='0x${dom}' bus='0x${bus}' slot='0x${slot}' function='0x${fn}'/></source></hostdev></devices>`,
        ),
      );
      const again = await h.client.api.hosts.devices({ connection: system, kind: 'pci' });
      assert.deepEqual(
        again.find((d) => d.name === target.name)?.usedBy?.map((u) => u.name),
        [name],
      );
      assert.ok(again.filter((d) => d.name !== target.name).every((d) => !d.usedBy?.some((u) => u.name === name)));
      const nics = await h.client.api.hosts.devices({ connection: system, kind: 'net' });
      assert.ok(
        nics.some((n) => n.address === 'lo' || n.link !== undefined),
        'interfaces with their link state',
      );
      const disks = await h.client.api.hosts.devices({ connection: system, kind: 'storage' });
      const { stdout } = await run('virsh', ['-c', SYSTEM_URI, 'nodedev-list', '--cap', 'storage']);
      assert.equal(disks.length, stdout.split('\n').filter(Boolean).length);
      assert.ok(disks.every((d) => d.address.startsWith('/dev/')));
    } finally {
      await purgeDomain(conn, name);
      await conn.close();
    }
  });
});
