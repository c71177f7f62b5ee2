// A host's overview and validation on qemu:///system: the figures agree with the machine's own
// (hostname, CPUs, MemTotal, libvirt's version); virt-host-validate's checks come through in
// its words beside libvirt's (IOMMU as the capabilities say, nested as the kvm module says); the
// KVM probe leaves no VM behind, and where KVM cannot start guests New VM defaults to TCG.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { nestedState } from '../../../electron/node/hosts/host-hardware.js';
import { parseHostValidate } from '../../../electron/node/hosts/validation.js';
import { SYSTEM_URI } from '../native/support.js';
import { harness, openConnection, type Harness } from './support.js';

const run = promisify(execFile);

describe('host overview and validation (qemu:///system)', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let connection: string;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    connection = await openConnection(h, SYSTEM_URI);
  });
  after(async () => {
    await h?.close();
    await conn?.close();
  });

  it('the overview agrees with the machine', async () => {
    const runningBefore = (await conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.ACTIVE)).length;
    const o = await h.client.api.hosts.overview({ connection });
    const runningAfter = (await conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.ACTIVE)).length;
    assert.equal(o.hostname, hostname());
    assert.equal(o.driver, 'QEMU');
    const { stdout } = await run('virsh', ['-c', SYSTEM_URI, 'version']);
    assert.match(stdout, new RegExp(`libvirt ${o.libvirtVersion.replace(/\./g, '\\.')}`));
    const memTotal = Number(/MemTotal:\s+(\d+)/.exec(await readFile('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(o.memory.totalKiB, memTotal);
    assert.ok(o.memory.freeKiB > 0 && o.memory.freeKiB <= memTotal);
    assert.ok(o.cpu.cpus >= 1 && o.cpu.cores >= 1);
    assert.ok(o.numaCells.length >= 1 && o.numaCells[0]!.cpus.length >= 1);
    assert.ok(o.runningVms >= Math.min(runningBefore, runningAfter) && o.runningVms <= Math.max(runningBefore, runningAfter));
  });

  it('validation: virt-host-validate’s checks in its words, and libvirt’s', async () => {
    const checks = await h.client.api.hosts.validate({ connection });
    const tool = checks.filter((c) => c.id.startsWith('tool:'));
    const { stdout } = await run('virt-host-validate', ['qemu']).catch((e: { stdout: string }) => e);
    assert.equal(tool.length, stdout.split('\n').filter((l) => /^\s*QEMU: Checking/.test(l)).length, 'every line of the tool');
    const hw = tool.find((c) => c.id === 'tool:hardware-virtualization');
    assert.ok(hw, 'the hardware virtualization check');
    assert.equal(hw.result, /hardware virtualization\s*: (\w+)/.exec(stdout)?.[1]?.toLowerCase());
    const iommu = checks.find((c) => c.id === 'iommu');
    const support = /<iommu support='(\w+)'\/>/.exec(await conn.getCapabilities())?.[1];
    assert.equal(iommu?.result, support === 'yes' ? 'pass' : 'warn');
    const nested = await nestedState(false);
    assert.equal(checks.find((c) => c.id === 'nested')?.result, nested.state === 'on' ? 'pass' : 'warn');
    for (const id of ['kvm', 'ovmf', 'swtpm', 'virtiofs'])
      assert.ok(
        checks.some((c) => c.id === id),
        id,
      );
  });

  it('the KVM probe leaves nothing behind; where KVM fails, New VM defaults to TCG', async () => {
    const probe = await h.client.api.hosts.probeKvm({ connection });
    const names = await Promise.all((await conn.listAllDomains()).map((d) => d.name()));
    assert.deepEqual(
      names.filter((n) => n.startsWith('virtdeck-kvm-probe-')),
      [],
    );
    const caps = await h.client.api.hosts.capabilities({ connection });
    if (!probe.works) {
      assert.ok(probe.detail, 'says why in libvirt’s words');
      assert.equal(caps.virtType, 'qemu');
    }
  });
});

describe('virt-host-validate’s output, parsed', () => {
  it('reads each check with its result and detail', () => {
    const checks = parseHostValidate(
      '  QEMU: Checking for hardware virtualization                                 : FAIL (Only emulated CPUs are available)\n' +
        '  QEMU: Checking if device /dev/net/tun exists                               : PASS\n' +
        'noise\n',
    );
    assert.deepEqual(
      checks.map((c) => [c.id, c.result, c.what.params['check'], c.detail?.params['detail']]),
      [
        ['tool:hardware-virtualization', 'fail', 'hardware virtualization', 'Only emulated CPUs are available'],
        ['tool:device-dev-net-tun-exists', 'pass', 'device /dev/net/tun exists', undefined],
      ],
    );
  });
});
