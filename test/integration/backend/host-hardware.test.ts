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
import { SYSTEM_URI } from '../native/support.js';
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
    assert.ok(['on', 'off', 'no-kvm'].includes(cpu.nested.state), 'a local host says what its kvm module allows');
  });

  it('the test driver has no domain capabilities: no models, no error', async () => {
    const cpu = await h.client.api.hosts.cpu({ connection: test });
    assert.deepEqual(cpu.models, []);
  });

  it('reads the nested switch of whichever kvm module is loaded; unknown for another machine', async () => {
    const sys = await mkdtemp(join(tmpdir(), 'virtdeck-sys-'));
    try {
      assert.deepEqual(await nestedState(false, sys), { state: 'no-kvm' });
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
});
