// Every public method of the binding's object API, called against libvirt's real test driver
// with its result checked. Where the test driver does not implement a call, the binding must
// still carry libvirt's answer back: a LibvirtError with NO_SUPPORT (or the driver's own
// refusal) naming the libvirt function. The last test proves nothing was left out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { libvirtError, trackMethodCalls, uniqueName, waitFor, xmlEscape, xmlUnescape } from './support.js';

// ---------------------------------------------------------------- call accounting

const { expected, called } = trackMethodCalls();

function unsupported(call: string) {
  return libvirtError(libvirt.ErrorNumber.NO_SUPPORT, call);
}

function domainXML(name: string, extra = ''): string {
  return `<domain type='test'><name>${xmlEscape(name)}</name><memory unit='MiB'>128</memory><vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>${extra}</domain>`;
}

// ---------------------------------------------------------------- the module and the connection

describe('module and Connection (test:///default)', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open('test:///default');
  });
  after(async () => {
    await conn.close();
  });

  it('reports versions and host facts', async () => {
    const v = await libvirt.getVersion();
    assert.ok(v >= 9_000_000, `libvirt ${v}`);
    assert.equal(await conn.getLibVersion(), v);
    assert.equal(await conn.getVersion(), 2); // the test driver's hypervisor version
    assert.equal(await conn.getURI(), 'test:///default');
    assert.ok((await conn.getHostname()).length > 0);
    assert.equal(await conn.getType(), 'TEST');
    assert.equal(await conn.isAlive(), true);
    assert.match(await conn.getCapabilities(), /<capabilities>[\s\S]*<host>/);
    assert.match(await conn.getSysinfo(), /<sysinfo type='smbios'>/);
    const info = await conn.getInfo();
    assert.equal(info.cpus, 16);
    assert.equal(info.cpus, info.nodes * info.sockets * info.cores * info.threads);
    const cpu = await conn.getCPUStats();
    assert.equal(typeof cpu['user'], 'bigint');
    assert.ok(cpu['idle']! > 0n);
    assert.ok((await conn.getFreeMemory()) > 0n);
    const map = await conn.getCPUMap();
    assert.equal(map.online, map.cpus.filter(Boolean).length);
    assert.ok((await conn.getMaxVcpus(null)) >= 1);
    const models = await conn.getCPUModelNames('x86_64');
    assert.ok(models.includes('qemu64'), models.join());
    await conn.nullCall();
  });

  it('carries the test driver refusals back as LibvirtError', async () => {
    await assert.rejects(conn.getDomainCapabilities(), unsupported('virConnectGetDomainCapabilities'));
    await assert.rejects(conn.getMemoryStats(), unsupported('virNodeGetMemoryStats'));
    await assert.rejects(conn.setKeepAlive(5, 3), unsupported('virConnectSetKeepAlive'));
  });

  it('looks domains up by name, UUID and ID, and lists them', async () => {
    const doms = await conn.listAllDomains();
    assert.equal(doms.length, 1);
    const dom = await conn.lookupByName('test');
    const uuid = await dom.UUIDString();
    assert.match(uuid, /^[0-9a-f-]{36}$/);
    assert.equal(await (await conn.lookupByUUIDString(uuid)).name(), 'test');
    const id = await dom.ID();
    assert.ok(id > 0);
    assert.equal(await (await conn.lookupByID(id)).UUIDString(), uuid);
    assert.equal(dom.connect(), conn);
  });

  it('gives bulk stats for all domains and for a chosen list', async () => {
    const all = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE);
    assert.equal(all.length, 1);
    assert.equal(all[0]!.stats['state.state'], libvirt.DomainState.RUNNING);
    const dom = await conn.lookupByName('test');
    const some = await conn.domainListGetStats([dom], libvirt.DomainStatsTypes.STATE);
    assert.equal(some[0]!.uuid, await dom.UUIDString());
    assert.equal(await some[0]!.domain.name(), 'test');
  });

  it('lists and looks up networks, pools, node devices and interfaces', async () => {
    const [net] = await conn.listAllNetworks();
    assert.equal(await net!.name(), 'default');
    assert.equal(await (await conn.networkLookupByName('default')).UUIDString(), await net!.UUIDString());
    assert.equal(await (await conn.networkLookupByUUIDString(await net!.UUIDString())).name(), 'default');
    const [pool] = await conn.listAllStoragePools();
    assert.equal(await pool!.name(), 'default-pool');
    assert.equal(await (await conn.storagePoolLookupByName('default-pool')).UUIDString(), await pool!.UUIDString());
    assert.equal(await (await conn.storagePoolLookupByUUIDString(await pool!.UUIDString())).name(), 'default-pool');
    const devs = await conn.listAllNodeDevices();
    const names = await Promise.all(devs.map((d) => d.name()));
    assert.ok(names.includes('computer'), names.join());
    assert.equal(await (await conn.nodeDeviceLookupByName('scsi_host1')).name(), 'scsi_host1');
    const host = devs[names.indexOf('scsi_host1')]!;
    assert.deepEqual(await host.listCaps(), ['scsi_host']);
    assert.match(await host.XMLDesc(), /<name>scsi_host1<\/name>/);
    const [iface] = await conn.listAllInterfaces();
    assert.equal(await iface!.name(), 'eth1');
    assert.match(await iface!.MACString(), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i);
    assert.match(await iface!.XMLDesc(), /<interface[^>]*name='eth1'/);
    assert.equal(await iface!.isActive(), true);
  });

  it('registers and unregisters close callbacks; closing calls none (the client closed it)', async () => {
    const c = await libvirt.open('test:///default');
    const reasons: number[] = [];
    const cb = (_c: libvirt.Connection, r: number) => reasons.push(r);
    assert.equal(await c.registerCloseCallback(cb), 0);
    assert.equal(await c.unregisterCloseCallback(cb), 0);
    await c.close();
    assert.deepEqual(reasons, []);
  });
});

// ---------------------------------------------------------------- domains

describe('Domain lifecycle, definition and tuning', () => {
  let conn: libvirt.Connection;
  const name = uniqueName('dom');
  before(async () => {
    conn = await libvirt.open('test:///default');
  });
  after(async () => {
    const dom = await conn.lookupByName(name).catch(() => null);
    if (dom && (await dom.isActive())) await dom.destroy();
    if (dom) await dom.undefineFlags().catch(() => 0);
    await conn.close();
  });

  it('goes through its lifecycle with events in order', async () => {
    const events: number[] = [];
    const id = await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, (d, ev) => {
      void d.name().then((n) => n === name && events.push(ev.event));
    });
    const dom = await conn.defineXML(domainXML(name), libvirt.DomainDefineFlags.VALIDATE);
    assert.equal(await dom.isPersistent(), true);
    assert.equal(await dom.isActive(), false);
    assert.equal(await dom.ID(), -1);
    assert.equal((await dom.state()).state, libvirt.DomainState.SHUTOFF);
    await dom.create();
    assert.equal((await dom.info()).state, libvirt.DomainState.RUNNING);
    await dom.suspend();
    assert.equal((await dom.state()).state, libvirt.DomainState.PAUSED);
    await dom.resume();
    // The test driver cannot sleep a guest; the real wake-up is in backend/sleep-and-crash.
    await assert.rejects(dom.pMWakeup(), unsupported('virDomainPMWakeup'));
    await dom.reboot();
    await dom.reset().catch(unsupported('virDomainReset'));
    await dom.shutdownFlags();
    assert.equal((await dom.state()).state, libvirt.DomainState.SHUTOFF);
    await dom.create();
    await dom.shutdown();
    await dom.create();
    await dom.destroy();
    const E = libvirt.DomainEventType;
    await waitFor('lifecycle events through the last stop', () => events.filter((e) => e === E.STOPPED).length >= 3);
    assert.deepEqual(events.slice(0, 4), [E.DEFINED, E.STARTED, E.SUSPENDED, E.RESUMED]);
    await conn.domainEventDeregisterAny(id);
  });

  it('saves and restores through managed save', async () => {
    const dom = await conn.lookupByName(name);
    await dom.create();
    await dom.managedSave();
    assert.equal(await dom.hasManagedSaveImage(), true);
    assert.equal(await dom.isActive(), false);
    await dom.create(); // restores from the image
    assert.equal(await dom.hasManagedSaveImage(), false);
    await dom.managedSave();
    await dom.managedSaveRemove();
    assert.equal(await dom.hasManagedSaveImage(), false);
  });

  it('reads and changes autostart, memory, vCPUs, metadata and XML', async () => {
    const dom = await conn.lookupByName(name);
    assert.equal(await dom.autostart(), false);
    await dom.setAutostart(true);
    assert.equal(await dom.autostart(), true);
    await dom.setMemoryFlags(65536, libvirt.DomainModificationImpact.CONFIG);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<currentMemory unit='KiB'>65536</);
    await dom.setVcpusFlags(1, libvirt.DomainModificationImpact.CONFIG);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<vcpu placement='static' current='1'>2</);
    const ns = 'https://virtdeck.example/ns/1';
    await dom.setMetadata(libvirt.DomainMetadataType.ELEMENT, '<tags><tag>lab</tag></tags>', 'vd', ns);
    assert.match(await dom.metadata(libvirt.DomainMetadataType.ELEMENT, ns), /<tags>\s*<tag>lab<\/tag>\s*<\/tags>/);
    await dom.setMetadata(libvirt.DomainMetadataType.TITLE, 'A title', null, null);
    assert.equal(await dom.metadata(libvirt.DomainMetadataType.TITLE), 'A title');
  });

  it('reads tuning parameters and validates what it sets', async () => {
    const dom = await conn.lookupByName(name);
    await dom.create();
    assert.deepEqual(await dom.schedulerParameters(), { weight: 50 });
    assert.equal(await dom.setSchedulerParameters({ weight: 60 }), 0);
    await assert.rejects(dom.setSchedulerParameters({ weight: -1 }), /must be an unsigned 32-bit integer/);
    await assert.rejects(dom.setSchedulerParameters({ nope: 1 }), /unknown parameter 'nope'/);
    const mem = await dom.memoryParameters();
    assert.equal(typeof mem['hard_limit'], 'bigint', 'unsigned long long fields arrive as bigint');
    assert.equal(await dom.setMemoryParameters({ hard_limit: 1n << 40n }), 0);
    assert.equal((await dom.memoryParameters())['hard_limit'], 1n << 40n);
    const blkio = await dom.blkioParameters();
    assert.equal(typeof blkio['weight'], 'number');
    assert.equal(await dom.setBlkioParameters({ weight: 500 }), 0);
    assert.equal((await dom.blkioParameters())['weight'], 500);
    const pins = await dom.vcpuPinInfo();
    assert.ok(pins.length >= 1);
    const onlyFirst = pins[0]!.map((_, i) => i === 0);
    await dom.pinVcpuFlags(0, onlyFirst);
    assert.deepEqual((await dom.vcpuPinInfo())[0], onlyFirst);
  });

  it('reads and sets NUMA, disk I/O limits, NIC bandwidth and emulator pinning; counts vCPUs; renames', async () => {
    const { CONFIG, LIVE } = libvirt.DomainModificationImpact;
    const mac = '52:54:00:0c:0c:01';
    const other = uniqueName('tuned');
    const dom = await conn.defineXML(
      domainXML(
        other,
        `<devices><disk type='file' device='disk'><source file='/tmp/${other}.img'/><target dev='vdb' bus='virtio'/></disk>
        <interface type='network'><mac address='${mac}'/><source network='default'/></interface></devices>`,
      ),
    );
    const renamed = `${other}-renamed`;
    try {
      await dom.setNumaParameters({ numa_mode: libvirt.DomainNumatuneMemMode.PREFERRED, numa_nodeset: '0' }, CONFIG);
      assert.deepEqual(await dom.numaParameters(CONFIG), { numa_mode: libvirt.DomainNumatuneMemMode.PREFERRED, numa_nodeset: '0' });
      // The test driver checks each *_max against its base field even at 0: set both.
      await dom.setBlockIoTune('vdb', { write_bytes_sec: 4096, write_bytes_sec_max: 8192 }, CONFIG);
      const io = await dom.blockIoTune('vdb', CONFIG);
      assert.equal(io['write_bytes_sec'], 4096n);
      assert.equal(io['write_bytes_sec_max'], 8192n);
      await dom.setInterfaceParameters(mac, { 'outbound.average': 300, 'outbound.burst': 64 }, CONFIG);
      const bw = await dom.interfaceParameters(mac, CONFIG);
      assert.equal(bw['outbound.average'], 300);
      assert.equal(bw['outbound.burst'], 64);
      const pin = (await dom.emulatorPinInfo(CONFIG)).map((_, i) => i === 1);
      await dom.pinEmulator(pin, CONFIG);
      assert.deepEqual(await dom.emulatorPinInfo(CONFIG), pin);
      assert.equal(await dom.vcpusFlags(libvirt.DomainVcpuFlags.MAXIMUM), 2);
      await dom.create();
      assert.equal(await dom.vcpusFlags(libvirt.DomainVcpuFlags.LIVE), 2);
      assert.deepEqual(await dom.emulatorPinInfo(LIVE), pin, 'the live domain starts from its config');
      assert.equal(await dom.hostname(), `${other}host`);
      await assert.rejects(dom.guestInfo(), unsupported('virDomainGetGuestInfo'));
      await assert.rejects(dom.rename(renamed), libvirtError(libvirt.ErrorNumber.OPERATION_INVALID, 'virDomainRename'));
      await dom.destroy();
      assert.equal(await dom.rename(renamed), 0);
      assert.equal(await dom.name(), renamed);
      assert.equal(await (await conn.lookupByName(renamed)).UUIDString(), await dom.UUIDString());
    } finally {
      await dom.undefineFlags().catch(() => 0);
    }
    await assert.rejects(conn.lookupByName(renamed), libvirt.LibvirtError);
  });

  it('answers device, address, key, block and job calls', async () => {
    const dom = await conn.lookupByName(name);
    // The test driver's own domain has a NIC with a fake lease.
    const addrs = await (await conn.lookupByName('test')).interfaceAddresses(libvirt.DomainInterfaceAddressesSource.LEASE);
    assert.ok(addrs.length >= 1);
    assert.match(addrs[0]!.hwaddr ?? '', /^([0-9a-f]{2}:){5}/);
    assert.equal(await dom.sendKey(libvirt.KeycodeSet.LINUX, 0, [29, 56, 111]), 0);
    const disk = "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vdb' bus='virtio'/></disk>";
    await assert.rejects(dom.attachDeviceFlags(disk), unsupported('virDomainAttachDeviceFlags'));
    await assert.rejects(dom.detachDeviceFlags(disk), unsupported('virDomainDetachDeviceFlags'));
    await assert.rejects(dom.updateDeviceFlags(disk), unsupported('virDomainUpdateDeviceFlags'));
    const shot = await libvirt.screenshot(dom);
    assert.equal(shot.mime, 'image/png');
    assert.deepEqual([...shot.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    const stream = await conn.newStream();
    await assert.rejects(dom.openConsole(null, stream), unsupported('virDomainOpenConsole'));
    await stream.abort().catch(() => 0);
    await assert.rejects(dom.blockInfo('vdz'), libvirt.LibvirtError);
    await assert.rejects(dom.blockResize('vda', 1 << 20), unsupported('virDomainBlockResize'));
    await assert.rejects(dom.jobInfo(), unsupported('virDomainGetJobInfo'));
    await assert.rejects(dom.jobStats(), unsupported('virDomainGetJobStats'));
    await assert.rejects(dom.abortJob(), unsupported('virDomainAbortJob'));
  });

  it('answers the per-domain stats calls (the pattern bulk stats replace)', async () => {
    const test = await conn.lookupByName('test');
    const xml = await test.XMLDesc();
    const nic = /<interface[\s\S]*?<target dev='([^']+)'/.exec(xml)?.[1];
    assert.ok(nic, 'the test domain has a NIC');
    const net = await test.interfaceStats(nic);
    assert.equal(typeof net.rxBytes, 'bigint');
    assert.ok((net.txPackets as bigint) >= 0n);
    await assert.rejects(test.interfaceStats('no-such-nic'), libvirt.LibvirtError);
    const disk = await test.blockStats('vda');
    assert.equal(typeof disk.rdBytes, 'bigint');
    await assert.rejects(test.blockStats('vdz'), libvirt.LibvirtError);
    const mem = await test.memoryStats();
    assert.equal(typeof mem.actual, 'bigint');
    assert.ok(mem.rss! > 0n, 'balloon figures by libvirt’s tag names');
  });

  it('refuses migration on the test driver with libvirt’s own reason', async () => {
    const dom = await conn.lookupByName(name);
    const other = await libvirt.open('test:///default');
    try {
      await assert.rejects(dom.migrateToURI3('test:///default', { [libvirt.VIR_MIGRATE_PARAM_BANDWIDTH]: 10n }), libvirt.LibvirtError);
      await assert.rejects(dom.migrate3(other, { [libvirt.VIR_MIGRATE_PARAM_DEST_NAME]: 'copy' }), libvirt.LibvirtError);
      await assert.rejects(dom.migrateToURI3('test:///default', { nope: 'x' }), /unknown migration parameter 'nope'/);
    } finally {
      await other.close();
    }
  });

  it('takes, lists, reverts and deletes snapshots', async () => {
    const dom = await conn.lookupByName(name);
    const s1 = await dom.snapshotCreateXML('<domainsnapshot><name>one</name></domainsnapshot>');
    const s2 = await dom.snapshotCreateXML('<domainsnapshot><name>two</name></domainsnapshot>');
    assert.equal(await s1.getName(), 'one');
    assert.match(await s2.getXMLDesc(), /<name>two<\/name>/);
    assert.equal(await s2.isCurrent(), true);
    assert.equal(await (await s2.getParent()).getName(), 'one');
    assert.deepEqual(await Promise.all((await s1.listAllChildren()).map((s) => s.getName())), ['two']);
    assert.deepEqual((await Promise.all((await dom.listAllSnapshots()).map((s) => s.getName()))).sort(), ['one', 'two']);
    assert.equal(await (await dom.snapshotLookupByName('one')).getName(), 'one');
    assert.equal(await (await dom.snapshotCurrent()).getName(), 'two');
    await dom.revertToSnapshot(s1);
    assert.equal(await (await dom.snapshotCurrent()).getName(), 'one');
    await s2.delete();
    await s1.delete();
    assert.deepEqual(await dom.listAllSnapshots(), []);
    await dom.destroy();
    await dom.undefineFlags();
    await assert.rejects(conn.lookupByName(name), (e: libvirt.LibvirtError) => e.code === libvirt.ErrorNumber.NO_DOMAIN);
  });

  it('creates transient domains', async () => {
    const t = uniqueName('transient');
    const dom = await conn.createXML(domainXML(t));
    assert.equal(await dom.isPersistent(), false);
    assert.equal(await dom.isActive(), true);
    await dom.destroy();
    await assert.rejects(conn.lookupByName(t), libvirt.LibvirtError);
  });
});

// ---------------------------------------------------------------- odd names and errors

describe('odd names and errors', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open('test:///default');
  });
  after(async () => {
    await conn.close();
  });

  for (const odd of [`a&b<c>"'`, 'Ωμέγα-虚拟机-🚀', 'n'.repeat(200)]) {
    it(`round-trips the name ${JSON.stringify(odd.length > 20 ? `${odd.slice(0, 10)}…(${odd.length})` : odd)}`, async () => {
      const dom = await conn.defineXML(domainXML(odd));
      try {
        assert.equal(await dom.name(), odd);
        assert.equal(await (await conn.lookupByName(odd)).name(), odd);
        const inXml = /<name>([^<]*)<\/name>/.exec(await dom.XMLDesc())![1]!;
        assert.ok(!/[<>]/.test(inXml), 'the name is escaped in the XML');
        assert.equal(xmlUnescape(inXml), odd);
      } finally {
        await dom.undefineFlags();
      }
    });
  }

  it('rejects malformed XML, unknown schemes and missing objects with LibvirtError', async () => {
    await assert.rejects(conn.defineXML('<domain'), (e: unknown) => {
      assert.ok(e instanceof libvirt.LibvirtError);
      assert.equal(e.call, 'virDomainDefineXMLFlags');
      assert.equal(e.code, libvirt.ErrorNumber.XML_DETAIL);
      return true;
    });
    await assert.rejects(
      conn.defineXML(domainXML('bad-elem', '<nonsense/>'), libvirt.DomainDefineFlags.VALIDATE),
      (e: unknown) => e instanceof libvirt.LibvirtError && e.code === libvirt.ErrorNumber.XML_INVALID_SCHEMA,
    );
    await assert.rejects(libvirt.open('nosuchscheme:///x'), libvirt.LibvirtError);
    await assert.rejects(conn.lookupByName('no-such-domain'), (e: libvirt.LibvirtError) => e.code === libvirt.ErrorNumber.NO_DOMAIN);
    await assert.rejects(conn.networkLookupByName('no-such-net'), (e: libvirt.LibvirtError) => e.code === libvirt.ErrorNumber.NO_NETWORK);
  });

  it('throws TypeError naming the argument for wrong JS types', () => {
    assert.throws(() => conn.lookupByName(42 as unknown as string), /argument 'name' must be a string/);
    assert.throws(() => conn.defineXML('<x/>', -1), /argument 'flags' must be an unsigned 32-bit integer/);
    assert.throws(() => conn.lookupByID('1' as unknown as number), /argument 'id' must be a 32-bit integer/);
    assert.throws(() => conn.lookupByName('a\0b'), /without NUL/);
  });

  it('rejects calls on objects of a closed connection with a clear LibvirtError', async () => {
    const c = await libvirt.open('test:///default');
    const dom = await c.lookupByName('test');
    await c.close();
    await assert.rejects(dom.info(), (e: unknown) => e instanceof libvirt.LibvirtError && /closed connection/.test(e.message));
    await assert.rejects(c.listAllDomains(), (e: unknown) => e instanceof libvirt.LibvirtError && /connection is closed/.test(e.message));
    // Event registration returns { key, promise } natively: the refusal must still reject the
    // promise the caller holds (it once resolved to undefined and left a stray rejection).
    const strays: unknown[] = [];
    const onStray = (e: unknown) => strays.push(e);
    process.on('unhandledRejection', onStray);
    try {
      for (const register of [
        () => c.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => {}),
        () => c.domainEventRegisterAny(dom, libvirt.DomainEventID.REBOOT, () => {}),
        () => c.networkEventRegisterAny(null, libvirt.NetworkEventID.LIFECYCLE, () => {}),
        () => c.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.LIFECYCLE, () => {}),
      ]) {
        await assert.rejects(register(), (e: unknown) => e instanceof libvirt.LibvirtError && /EventRegisterAny/.test(e.call ?? '') && /connection is closed/.test(e.message));
      }
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(strays, []);
    } finally {
      process.off('unhandledRejection', onStray);
    }
    assert.equal(await c.close(), 0, 'closing twice is harmless');
  });
});

// ---------------------------------------------------------------- networks

describe('Network', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open('test:///default');
  });
  after(async () => {
    await conn.close();
  });

  it('defines, starts, updates, stops and undefines, with events', async () => {
    const name = uniqueName('net');
    const events: number[] = [];
    const id = await conn.networkEventRegisterAny(null, libvirt.NetworkEventID.LIFECYCLE, (n, ev) => {
      void n.name().then((x) => x === name && events.push(ev.event));
    });
    const net = await conn.networkDefineXML(
      `<network><name>${name}</name><bridge name='vdt0'/><ip address='10.250.0.1' netmask='255.255.255.0'><dhcp><range start='10.250.0.10' end='10.250.0.20'/></dhcp></ip></network>`,
    );
    assert.equal(await net.isPersistent(), true);
    assert.equal(await net.isActive(), false);
    await net.create();
    assert.equal(await net.isActive(), true);
    assert.equal(await net.bridgeName(), 'vdt0');
    assert.equal(await net.autostart(), false);
    await net.setAutostart(true);
    assert.equal(await net.autostart(), true);
    await net.update(
      libvirt.NetworkUpdateCommand.ADD_LAST,
      libvirt.NetworkUpdateSection.IP_DHCP_HOST,
      -1,
      "<host mac='52:54:00:00:00:01' ip='10.250.0.11'/>",
      libvirt.NetworkUpdateFlags.LIVE | libvirt.NetworkUpdateFlags.CONFIG,
    );
    assert.match(await net.XMLDesc(), /<host mac='52:54:00:00:00:01' ip='10.250.0.11'\/>/);
    await assert.rejects(net.DHCPLeases(), unsupported('virNetworkGetDHCPLeases'));
    await net.destroy();
    await net.undefine();
    await waitFor('four network events', () => events.length >= 4);
    const L = libvirt.NetworkEventLifecycleType;
    assert.deepEqual(events, [L.DEFINED, L.STARTED, L.STOPPED, L.UNDEFINED]);
    await conn.networkEventDeregisterAny(id);
    const transient = await conn.networkCreateXML(`<network><name>${name}-t</name><bridge name='vdt1'/></network>`);
    assert.equal(await transient.isPersistent(), false);
    await transient.destroy();
  });
});

// ---------------------------------------------------------------- storage

describe('StoragePool and StorageVolume', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open('test:///default');
  });
  after(async () => {
    await conn.close();
  });

  it('builds, starts, fills, refreshes and removes a pool, with events', async () => {
    const name = uniqueName('pool');
    const events: number[] = [];
    let refreshed = 0;
    const lid = await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.LIFECYCLE, (p, ev) => {
      void p.name().then((x) => x === name && events.push(ev.event));
    });
    const rid = await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.REFRESH, () => refreshed++);
    const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${name}</name><target><path>/${name}</path></target></pool>`);
    await pool.build();
    await pool.create();
    assert.equal(await pool.isActive(), true);
    assert.equal(await pool.isPersistent(), true);
    await pool.setAutostart(true);
    assert.equal(await pool.autostart(), true);
    const info = await pool.info();
    assert.equal(info.state, libvirt.StoragePoolState.RUNNING);
    assert.ok(info.capacity > 0);
    assert.match(await pool.XMLDesc(), new RegExp(`<name>${name}</name>`));

    const vol = await pool.createXML(`<volume><name>disk.img</name><capacity unit='MiB'>16</capacity></volume>`);
    assert.equal(await vol.name(), 'disk.img');
    const path = await vol.path();
    assert.equal(path, `/${name}/disk.img`);
    assert.equal(await vol.key(), path);
    assert.equal((await vol.info()).capacity, 16 * 1024 * 1024);
    assert.match(await vol.XMLDesc(), /<name>disk.img<\/name>/);
    assert.equal(await (await pool.storageVolLookupByName('disk.img')).key(), path);
    assert.equal(await (await conn.storageVolLookupByPath(path)).name(), 'disk.img');
    const copy = await pool.createXMLFrom(`<volume><name>copy.img</name><capacity unit='MiB'>16</capacity></volume>`, vol);
    assert.deepEqual((await Promise.all((await pool.listAllVolumes()).map((v) => v.name()))).sort(), ['copy.img', 'disk.img']);
    await vol.resize(32 * 1024 * 1024).catch(unsupported('virStorageVolResize'));
    await vol.wipe().catch(unsupported('virStorageVolWipe'));
    const stream = await conn.newStream();
    await assert.rejects(vol.upload(stream, 0, 10), unsupported('virStorageVolUpload'));
    await assert.rejects(vol.download(stream, 0, 10), unsupported('virStorageVolDownload'));
    await stream.abort().catch(() => 0);
    await copy.delete();
    await vol.delete();
    await pool.refresh();
    await waitFor('a REFRESH event', () => refreshed > 0);
    await pool.destroy();
    await pool.delete();
    await pool.undefine();
    await waitFor('pool lifecycle events', () => events.length >= 6);
    const L = libvirt.StoragePoolEventLifecycleType;
    // build() reports CREATED and delete() DELETED.
    assert.deepEqual(events, [L.DEFINED, L.CREATED, L.STARTED, L.STOPPED, L.DELETED, L.UNDEFINED]);
    await conn.storagePoolEventDeregisterAny(lid);
    await conn.storagePoolEventDeregisterAny(rid);
  });
});

// ---------------------------------------------------------------- nothing left out

describe('coverage', () => {
  it('called every public method of every class', () => {
    const missing = [...expected].filter((m) => !called.has(m));
    assert.deepEqual(missing, [], `never called: ${missing.join(', ')}`);
  });
});
