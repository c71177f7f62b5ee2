// Virtual networks managed through the contract on qemu:///system: NAT and isolated networks
// created, started, stopped and deleted; a static DHCP host added and removed live (the running
// network and its definition both have it); addresses that do not fit or overlap refused before
// libvirt is asked; deleting a network a VM uses refused, naming the VM, unless forced. The
// networks are isolated or NAT'd on this machine's own bridges; no traffic leaves it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import { localRoutes } from '../../../electron/node/networks/address-plan.js';
import { purgeDomain, SSH_URI, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { guestShell } from '../../support/guest-shell.js';
import { tinyGuest, tinyGuestDomainXML } from '../../support/tiny-guest.js';
import { harness, openConnection, waitFor, type Harness } from './support.js';

const run = promisify(execFile);
const virsh = async (...args: string[]) => (await run('virsh', ['-c', SYSTEM_URI, ...args])).stdout;
const refused = (code: string, words: RegExp) => (e: unknown) => e instanceof ApiError && e.code === code && words.test(e.message);

describe('virtual networks (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let connection: string;
  const nets: string[] = [];
  const vms: string[] = [];
  // A /16 of its own per run, so parallel runs and existing networks do not collide.
  const octet = 100 + Math.floor(Math.random() * 100);
  const tag = Math.random().toString(36).slice(2, 7);
  const netName = (n: string) => {
    const name = `vdtest-net-${tag}-${n}`;
    nets.push(name);
    return name;
  };

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    connection = await openConnection(h, SYSTEM_URI);
  });
  after(async () => {
    await h?.close();
    for (const v of vms) await purgeDomain(conn, v);
    for (const n of nets) {
      const net = await conn.networkLookupByName(n).catch(() => null);
      if (!net) continue;
      if (await net.isActive()) await net.destroy().catch(() => 0);
      await net.undefine().catch(() => 0);
    }
    await conn?.close();
  });

  it('creates a NAT network with DHCP and a static host, running on its own bridge', async () => {
    const name = netName('nat');
    const { ref } = await h.client.api.networks.create({
      connection,
      name,
      mode: 'nat',
      bridge: `vdtbr${tag}`,
      ipv4: {
        address: `10.${octet}.1.1`,
        prefix: 24,
        dhcp: { start: `10.${octet}.1.100`, end: `10.${octet}.1.200` },
        hosts: [{ mac: '52:54:00:aa:00:01', ip: `10.${octet}.1.10`, name: 'fixed' }],
      },
    });
    const d = await h.client.api.networks.details({ ref });
    assert.equal(d.name, name);
    assert.equal(d.active, true);
    assert.equal(d.mode, 'nat');
    assert.equal(d.bridge, `vdtbr${tag}`);
    assert.deepEqual(d.ips[0]?.dhcp, [{ start: `10.${octet}.1.100`, end: `10.${octet}.1.200` }]);
    assert.deepEqual(d.ips[0]?.hosts, [{ mac: '52:54:00:aa:00:01', ip: `10.${octet}.1.10`, name: 'fixed' }]);
    assert.match((await run('ip', ['-o', 'addr', 'show', 'dev', `vdtbr${tag}`])).stdout, new RegExp(`10\\.${octet}\\.1\\.1/24`), 'the bridge has the host’s address');
  });

  it('adds a DHCP host live and in the definition, then removes it', async () => {
    const name = nets[0]!;
    const ref = { connection, uuid: (await (await conn.networkLookupByName(name)).UUIDString()).toLowerCase() };
    const added = await h.client.api.networks.addDhcpHost({ ref, host: { mac: '52:54:00:aa:00:02', ip: `10.${octet}.1.11`, name: 'second' } });
    assert.equal(added.effect, 'now');
    assert.match(await virsh('net-dumpxml', name), /<host mac='52:54:00:aa:00:02' name='second' ip='10\.\d+\.1\.11'\/>/);
    assert.match(await virsh('net-dumpxml', '--inactive', name), /<host mac='52:54:00:aa:00:02' name='second' ip='10\.\d+\.1\.11'\/>/);
    await assert.rejects(
      h.client.api.networks.addDhcpHost({ ref, host: { mac: '52:54:00:aa:00:03', ip: `10.${octet}.1.11` } }),
      refused('invalid-input', /DHCP host for .* already/),
    );
    await assert.rejects(h.client.api.networks.addDhcpHost({ ref, host: { mac: '52:54:00:aa:00:03', ip: `10.${octet}.9.11` } }), refused('invalid-input', /is not inside/));
    const removed = await h.client.api.networks.removeDhcpHost({ ref, mac: '52:54:00:aa:00:02' });
    assert.equal(removed.effect, 'now');
    assert.doesNotMatch(await virsh('net-dumpxml', name), /52:54:00:aa:00:02/);
    assert.doesNotMatch(await virsh('net-dumpxml', '--inactive', name), /52:54:00:aa:00:02/);
  });

  it('replaces the DHCP range live; edits the domain name and MTU for the next start, in place', async () => {
    const name = nets[0]!;
    const ref = { connection, uuid: (await (await conn.networkLookupByName(name)).UUIDString()).toLowerCase() };
    const r = await h.client.api.networks.setDhcpRange({ ref, start: `10.${octet}.1.150`, end: `10.${octet}.1.160` });
    assert.equal(r.effect, 'now');
    for (const args of [[name], ['--inactive', name]]) {
      const xml = await virsh('net-dumpxml', ...args);
      assert.match(xml, /<range start='10\.\d+\.1\.150' end='10\.\d+\.1\.160'/);
      assert.doesNotMatch(xml, /\.1\.100/, 'the old range is gone');
    }
    await assert.rejects(h.client.api.networks.setDhcpRange({ ref, start: `10.${octet}.2.1`, end: `10.${octet}.2.9` }), refused('invalid-input', /is not inside/));
    const before = await virsh('net-dumpxml', '--inactive', name);
    const u = await h.client.api.networks.update({ ref, set: { domainName: 'lab.test', mtu: 1400 } });
    assert.equal(u.effect, 'next-start');
    assert.match(u.diff, /^\+\s*<mtu size='1400'\/>$/m);
    const after = await virsh('net-dumpxml', '--inactive', name);
    assert.match(after, /<domain name='lab\.test'\/>/);
    assert.doesNotMatch(await virsh('net-dumpxml', name), /lab\.test/, 'the running network keeps its old settings');
    const removed = before.split('\n').filter((l) => !after.split('\n').includes(l));
    assert.deepEqual(removed, [], 'nothing of the definition was lost');
    await h.client.api.networks.setDhcpRange({ ref, start: `10.${octet}.1.100`, end: `10.${octet}.1.200` });
  });

  it('a tiny guest on the network gets a DHCP lease: in the leases table and as its address in the VM list', async () => {
    const name = nets[0]!;
    const ref = { connection, uuid: (await (await conn.networkLookupByName(name)).UUIDString()).toLowerCase() };
    const vm = uniqueName('net-lease');
    vms.push(vm);
    const guest = await tinyGuest();
    const dom = await conn.defineXML(
      tinyGuestDomainXML(vm, guest, {
        graphics: 'none',
        extraDevices: `<interface type='network'><mac address='52:54:00:aa:00:20'/><source network='${name}'/><model type='virtio'/></interface>`,
      }),
    );
    await dom.create();
    const shell = await guestShell(dom, conn);
    try {
      await shell.run('ip link set eth0 up; udhcpc -i eth0 -n -q -t 10 -s /bin/true', 120_000);
      const lease = await waitFor('the lease', async () => (await h.client.api.networks.details({ ref })).leases.find((l) => l.mac === '52:54:00:aa:00:20'), 60_000, 500);
      assert.match(lease.ip, new RegExp(`^10\\.${octet}\\.1\\.(1[0-9][0-9]|200)$`), 'from the DHCP range');
      const uuid = (await dom.UUIDString()).toLowerCase();
      const row = await waitFor(
        'the VM list’s address',
        async () => (await h.client.api.domains.extras({ connection, uuids: [uuid] }))[0]?.addresses.includes(lease.ip),
        60_000,
        500,
      );
      assert.ok(row);
    } finally {
      shell.close();
      await purgeDomain(conn, vm);
    }
  });

  it('refuses addresses that do not fit or overlap another network, with nothing defined', async () => {
    const before = await virsh('net-list', '--all', '--name');
    await assert.rejects(
      h.client.api.networks.create({ connection, name: netName('overlap'), mode: 'isolated', ipv4: { address: `10.${octet}.1.129`, prefix: 25 } }),
      refused('invalid-input', new RegExp(`overlaps the network “${nets[0]}”`)),
    );
    await assert.rejects(
      h.client.api.networks.create({
        connection,
        name: netName('range'),
        mode: 'isolated',
        ipv4: { address: `10.${octet}.2.1`, prefix: 24, dhcp: { start: `10.${octet}.3.1`, end: `10.${octet}.3.9` } },
      }),
      refused('invalid-input', /DHCP range .* is not inside/),
    );
    await assert.rejects(
      h.client.api.networks.create({ connection, name: netName('bcast'), mode: 'isolated', ipv4: { address: `10.${octet}.4.255`, prefix: 24 } }),
      refused('invalid-input', /cannot be the host’s address/),
    );
    assert.equal(await virsh('net-list', '--all', '--name'), before);
  });

  it('an isolated network: defined stopped, started, stopped; delete refused while a VM uses it, then forced', async () => {
    const name = netName('iso');
    const { ref } = await h.client.api.networks.create({
      connection,
      name,
      mode: 'isolated',
      bridge: `vdtbi${tag}`,
      ipv4: { address: `10.${octet}.5.1`, prefix: 24 },
      start: false,
    });
    assert.equal((await h.client.api.networks.details({ ref })).active, false);
    await h.client.api.networks.start({ ref });
    assert.equal((await h.client.api.networks.details({ ref })).mode, 'isolated');
    assert.equal((await h.client.api.networks.details({ ref })).active, true);
    const vm = uniqueName('net-user');
    vms.push(vm);
    await conn.defineXML(
      tinyDomainXML(vm, { graphics: 'none' }).replace('</devices>', `<interface type='network'><source network='${name}'/><model type='virtio'/></interface></devices>`),
    );
    assert.deepEqual(
      (await h.client.api.networks.details({ ref })).usedBy.map((u) => u.name),
      [vm],
    );
    await assert.rejects(h.client.api.networks.delete({ ref }), refused('invalid-input', new RegExp(`used by the VM ${vm}`)));
    await h.client.api.networks.stop({ ref });
    assert.equal((await h.client.api.networks.details({ ref })).active, false);
    await h.client.api.networks.delete({ ref, force: true });
    assert.ok(!(await virsh('net-list', '--all', '--name')).includes(name));
    assert.ok(await conn.lookupByName(vm), 'the VM keeps its definition');
  });

  it('over qemu+ssh://: creates, reads and deletes a network on the far host', async () => {
    const id = await openConnection(h, SSH_URI);
    const name = netName('ssh');
    // A remote host's routes are not this machine's to read: only its networks are checked.
    const { ref } = await h.client.api.networks.create({ connection: id, name, mode: 'isolated', bridge: `vdtbs${tag}`, ipv4: { address: `10.${octet}.7.1`, prefix: 24 } });
    assert.equal((await h.client.api.networks.details({ ref })).active, true);
    assert.ok((await virsh('net-list', '--name')).includes(name), 'the host has it');
    await h.client.api.networks.delete({ ref });
    assert.ok(!(await virsh('net-list', '--all', '--name')).includes(name));
    await h.client.api.connections.remove({ id });
  });

  it('a read-only connection reads networks and changes none', async () => {
    const id = await openConnection(h, SYSTEM_URI, { readonly: true });
    const ref = { connection: id, uuid: (await (await conn.networkLookupByName(nets[0]!)).UUIDString()).toLowerCase() };
    assert.equal((await h.client.api.networks.details({ ref })).name, nets[0]);
    await assert.rejects(h.client.api.networks.stop({ ref }), refused('operation-failed', /is read-only/));
    await h.client.api.connections.remove({ id });
  });
});

describe('this machine’s routes, as the overlap check reads them', () => {
  it('parses the kernel’s route table (little-endian hex), leaving out the default route', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-routes-'));
    try {
      const table = join(dir, 'route');
      await writeFile(
        table,
        'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
          'eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' +
          'eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n',
      );
      const routes = await localRoutes(table);
      assert.deepEqual(
        routes.map((r) => r.cidr),
        ['192.168.1.0/24'],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
