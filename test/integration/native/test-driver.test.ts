// The binding end to end against libvirt's real test driver (an in-process fake hypervisor):
// a node file of our own (test/fixtures/test-driver-node.xml) with known domains, a network,
// a pool with volumes, an interface and node devices, so every answer can be checked against
// what the fixture says. Each describe opens its own connection (a node file gives each
// connection a private driver), removes what it made and closes it. The last test proves
// every public method of every object class was called at least once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as libvirt from 'virtdeck/native';
import { libvirtError, trackMethodCalls, xmlEscape, xmlUnescape } from './support.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/test-driver-node.xml', import.meta.url));
const URI = `test://${FIXTURE}`;

// What the fixture holds.
const FX = {
  domains: ['fx-alpha', 'fx-beta'],
  alphaUUID: '6695eb01-f6a4-8304-79aa-97f2502e193f',
  alphaMAC: '52:54:00:aa:00:01',
  net: 'fx-net',
  bridge: 'fxbr0',
  pool: 'fx-pool',
  poolUUID: '35bb2ad9-388a-cdfe-461a-b8907f6e53fe',
  volumes: ['alpha.img', 'spare.img'],
  iface: 'fxeth0',
  ifaceMAC: '52:54:00:fe:00:01',
  devices: ['computer', 'fx_scsi_host7'],
  cpus: 8,
  mhz: 2400,
  memoryKiB: 8388608,
} as const;

// ---------------------------------------------------------------- every method, counted

const { expected: allMethods, called: calledMethods } = trackMethodCalls();

// ---------------------------------------------------------------- helpers

let serial = 0;
function uniq(base: string): string {
  return `vd-${base}-${process.pid}-${++serial}`;
}

function domainXML(name: string, extra = ''): string {
  return `<domain type='test'>
  <name>${xmlEscape(name)}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  ${extra}
</domain>`;
}

const unsupported = (call: string) => libvirtError(libvirt.ErrorNumber.NO_SUPPORT, call);

/** Collects callback payloads; wait(n) resolves once n arrived, or fails after a generous timeout. */
class Collector<T> {
  readonly items: T[] = [];
  #waiters: { n: number; resolve: () => void }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.#waiters = this.#waiters.filter((w) => {
      if (this.items.length < w.n) return true;
      w.resolve();
      return false;
    });
  };

  async wait(n: number, what: string, timeoutMs = 20_000): Promise<T[]> {
    if (this.items.length < n) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.#waiters.push({ n, resolve })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} ${what}; got ${this.items.length}: ${JSON.stringify(this.items)}`)), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
    }
    return this.items;
  }
}

interface Lifecycle {
  name: string;
  event: number;
  detail: number;
}

async function names(objs: readonly { name(): Promise<string> }[]): Promise<string[]> {
  return (await Promise.all(objs.map((o) => o.name()))).sort();
}

function tag(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}(?:\\s[^>]*)?>([^<]*)</${element}>`).exec(xml)?.[1];
}

// ---------------------------------------------------------------- Connection

describe('Connection on a node file', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open(URI);
  });
  after(async () => {
    assert.equal(await conn.close(), 0);
  });

  it('reports versions, identity and host facts from the fixture', async () => {
    const lib = await libvirt.getVersion();
    assert.ok(lib >= 1_000_000, `libvirt ${lib}`);
    assert.equal(await conn.getLibVersion(), lib);
    assert.ok((await conn.getVersion()) > 0);
    assert.equal(await conn.getURI(), URI);
    assert.equal(await conn.getType(), 'TEST');
    assert.ok((await conn.getHostname()).length > 0);
    assert.equal(await conn.isAlive(), true);
    await conn.nullCall();

    const caps = await conn.getCapabilities();
    assert.match(caps, /<capabilities>/);
    assert.match(caps, /<host>[\s\S]*<\/host>/);
    assert.match(caps, /<guest>[\s\S]*<os_type>hvm<\/os_type>/);
    assert.match(await conn.getSysinfo(), /<sysinfo type='smbios'>/);

    const info = await conn.getInfo();
    assert.equal(info.cpus, FX.cpus);
    assert.equal(info.mhz, FX.mhz);
    assert.equal(info.memory, FX.memoryKiB);
    assert.equal(info.model, 'vd-cpu');
    assert.equal(info.cpus, info.nodes * info.sockets * info.cores * info.threads);

    const cpu = await conn.getCPUStats();
    for (const k of ['kernel', 'user', 'idle', 'iowait']) assert.equal(typeof cpu[k], 'bigint', `cpu stat ${k}`);
    assert.ok(cpu['idle']! > 0n);
    // A node file defines no NUMA cells, so the test driver has no free memory to report and
    // libvirt takes its 0 for a failure with no cause (`virsh freecell` says the same).
    await assert.rejects(conn.getFreeMemory(), libvirtError(libvirt.ErrorNumber.INTERNAL_ERROR, 'virNodeGetFreeMemory'));
    const dflt = await libvirt.open('test:///default');
    try {
      assert.equal(await dflt.getFreeMemory(), 3072n * 1024n); // `virsh -c test:///default freecell`: 3072 KiB
    } finally {
      await dflt.close();
    }
    const map = await conn.getCPUMap();
    assert.ok(map.cpus.length > 0);
    assert.equal(map.online, map.cpus.filter(Boolean).length);
    assert.ok(map.online > 0);
    const maxVcpus = await conn.getMaxVcpus(null);
    assert.ok(maxVcpus >= 1, `max vcpus ${maxVcpus}`);
  });

  it('names the CPU models libvirt knows for an architecture', async () => {
    const x86 = await conn.getCPUModelNames('x86_64');
    assert.ok(x86.includes('qemu64') && x86.includes('Skylake-Client'), x86.join());
    assert.equal(new Set(x86).size, x86.length, 'each model once');
    await assert.rejects(conn.getCPUModelNames('no-such-arch'), libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virConnectGetCPUModelNames'));
  });

  it('carries the test driver’s refusals back as LibvirtError', async () => {
    await assert.rejects(conn.getDomainCapabilities(), unsupported('virConnectGetDomainCapabilities'));
    await assert.rejects(conn.getMemoryStats(), unsupported('virNodeGetMemoryStats'));
    await assert.rejects(conn.setKeepAlive(5, 3), unsupported('virConnectSetKeepAlive'));
  });

  it('lists and looks up exactly the fixture’s domains', async () => {
    const doms = await conn.listAllDomains();
    assert.equal(doms.length, FX.domains.length);
    assert.deepEqual(await names(doms), [...FX.domains]);
    const active = await conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.ACTIVE);
    assert.deepEqual(await names(active), ['fx-alpha']);
    const inactive = await conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.INACTIVE);
    assert.deepEqual(await names(inactive), ['fx-beta']);

    const alpha = await conn.lookupByName('fx-alpha');
    assert.equal(await alpha.UUIDString(), FX.alphaUUID);
    const byUUID = await conn.lookupByUUIDString(FX.alphaUUID);
    assert.equal(await byUUID.name(), 'fx-alpha');
    assert.equal(await byUUID.UUIDString(), FX.alphaUUID);
    const id = await alpha.ID();
    assert.ok(id > 0);
    assert.equal(await (await conn.lookupByID(id)).UUIDString(), FX.alphaUUID);
    assert.equal(await conn.lookupByName('fx-beta').then((d) => d.ID()), -1);
    assert.equal(alpha.connect(), conn);
  });

  it('gives bulk stats for all domains and for a chosen list', async () => {
    const all = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE);
    assert.equal(all.length, FX.domains.length);
    const byName = new Map<string, libvirt.DomainStatsRecord>();
    for (const rec of all) {
      assert.ok(rec.domain instanceof libvirt.Domain);
      assert.equal(typeof rec.stats['state.state'], 'number');
      assert.equal(typeof rec.stats['state.reason'], 'number');
      assert.equal(rec.uuid, await rec.domain.UUIDString());
      byName.set(await rec.domain.name(), rec);
    }
    assert.equal(byName.get('fx-alpha')!.stats['state.state'], libvirt.DomainState.RUNNING);
    assert.equal(byName.get('fx-beta')!.stats['state.state'], libvirt.DomainState.SHUTOFF);
    assert.equal(byName.get('fx-alpha')!.uuid, FX.alphaUUID);

    const runningOnly = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE, libvirt.ConnectGetAllDomainStatsFlags.ACTIVE);
    assert.deepEqual(await names(runningOnly.map((r) => r.domain)), ['fx-alpha']);

    const beta = await conn.lookupByName('fx-beta');
    const some = await conn.domainListGetStats([beta], libvirt.DomainStatsTypes.STATE);
    assert.equal(some.length, 1);
    assert.equal(await some[0]!.domain.name(), 'fx-beta');
    assert.equal(some[0]!.stats['state.state'], libvirt.DomainState.SHUTOFF);
    assert.throws(() => conn.domainListGetStats([beta, 'x' as unknown as libvirt.Domain]), TypeError);
  });

  it('lists and looks up the fixture’s network and pool', async () => {
    const nets = await conn.listAllNetworks();
    assert.deepEqual(await names(nets), [FX.net]);
    const net = await conn.networkLookupByName(FX.net);
    const netUUID = await net.UUIDString();
    assert.match(netUUID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(await (await conn.networkLookupByUUIDString(netUUID)).name(), FX.net);

    const pools = await conn.listAllStoragePools();
    assert.deepEqual(await names(pools), [FX.pool]);
    const pool = await conn.storagePoolLookupByName(FX.pool);
    assert.equal(await pool.UUIDString(), FX.poolUUID);
    assert.equal(await (await conn.storagePoolLookupByUUIDString(FX.poolUUID)).name(), FX.pool);
    const vol = await conn.storageVolLookupByPath(`/${FX.pool}/alpha.img`);
    assert.equal(await vol.name(), 'alpha.img');
  });

  it('makes streams and keeps close callbacks (closing by the client calls none)', async () => {
    const c = await libvirt.open(URI);
    const stream = await c.newStream();
    assert.ok(stream instanceof libvirt.Stream);
    assert.equal(stream.conn, c);
    await stream.abort().catch(() => 0);
    const reasons: number[] = [];
    const cb: libvirt.CloseCallback = (_conn, reason) => reasons.push(reason);
    assert.equal(await c.registerCloseCallback(cb), 0);
    assert.equal(await c.unregisterCloseCallback(cb), 0);
    assert.equal(await c.registerCloseCallback(cb), 0);
    await c.close();
    assert.deepEqual(reasons, []);
  });
});

// ---------------------------------------------------------------- Domain

describe('Domain', () => {
  let conn: libvirt.Connection;
  let alpha: libvirt.Domain;
  const made: string[] = [];

  async function define(base: string, extra = ''): Promise<libvirt.Domain> {
    const name = uniq(base);
    made.push(name);
    return conn.defineXML(domainXML(name, extra));
  }

  before(async () => {
    conn = await libvirt.open(URI);
    alpha = await conn.lookupByName('fx-alpha');
  });
  after(async () => {
    for (const name of made) {
      const dom = await conn.lookupByName(name).catch(() => null);
      if (!dom) continue;
      if (await dom.isActive()) await dom.destroy();
      await dom.undefineFlags(libvirt.DomainUndefineFlagsValues.MANAGED_SAVE | libvirt.DomainUndefineFlagsValues.SNAPSHOTS_METADATA);
    }
    await conn.close();
  });

  it('describes the fixture’s running domain', async () => {
    assert.equal(await alpha.name(), 'fx-alpha');
    assert.equal(await alpha.isActive(), true);
    assert.equal(await alpha.isPersistent(), true);
    const info = await alpha.info();
    assert.equal(info.state, libvirt.DomainState.RUNNING);
    assert.equal(info.maxMem, 256 * 1024);
    assert.equal(info.nrVirtCpu, 2);
    assert.equal(typeof info.cpuTime, 'bigint');
    const st = await alpha.state();
    assert.equal(st.state, libvirt.DomainState.RUNNING);
    assert.equal(typeof st.reason, 'number');
    const xml = await alpha.XMLDesc();
    assert.match(xml, /^<domain type='test'/);
    assert.equal(tag(xml, 'name'), 'fx-alpha');
    assert.equal(tag(xml, 'uuid'), FX.alphaUUID);
    assert.match(xml, new RegExp(`<mac address='${FX.alphaMAC}'/>`));
    assert.match(await alpha.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<name>fx-alpha<\/name>/);
    const beta = await conn.lookupByName('fx-beta');
    assert.equal((await beta.state()).state, libvirt.DomainState.SHUTOFF);
  });

  it('answers the per-domain stats calls for the fixture’s disk and NIC', async () => {
    const disk = await alpha.blockStats('vda');
    for (const k of ['rdReq', 'rdBytes', 'wrReq', 'wrBytes']) assert.equal(typeof disk[k], 'bigint', k);
    await assert.rejects(alpha.blockStats('vdz'), libvirt.LibvirtError);
    const nic = /<interface[\s\S]*?<target dev='([^']+)'/.exec(await alpha.XMLDesc())?.[1];
    assert.ok(nic, 'the test driver names the NIC’s host device');
    const net = await alpha.interfaceStats(nic);
    for (const k of ['rxBytes', 'rxPackets', 'txBytes', 'txPackets']) assert.equal(typeof net[k], 'bigint', k);
    // A node file's domains carry no balloon figures (test:///default's own one does).
    const mem = await alpha.memoryStats();
    assert.ok(Object.values(mem).every((v) => typeof v === 'bigint'));
  });

  it('defines, starts, pauses, stops and undefines, with states to match', async () => {
    const dom = await define('life');
    assert.equal(await dom.isPersistent(), true);
    assert.equal(await dom.isActive(), false);
    assert.equal(await dom.ID(), -1);
    assert.equal((await dom.state()).state, libvirt.DomainState.SHUTOFF);
    assert.equal(await dom.create(), 0);
    assert.equal((await dom.info()).state, libvirt.DomainState.RUNNING);
    assert.ok((await (await conn.lookupByName(await dom.name())).ID()) > 0);
    assert.equal(await dom.suspend(), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.PAUSED);
    assert.equal(await dom.resume(), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.RUNNING);
    assert.equal(await dom.reboot(), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.RUNNING);
    assert.equal(await dom.reset(), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.RUNNING);
    assert.equal(await dom.shutdownFlags(), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.SHUTOFF);
    await dom.create();
    assert.equal(await dom.shutdown(), 0);
    assert.equal(await dom.isActive(), false);
    await dom.create();
    assert.equal(await dom.destroy(), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.SHUTOFF);
    assert.equal(await dom.undefineFlags(), 0);
    await assert.rejects(conn.lookupByName(await dom.name()), libvirtError(libvirt.ErrorNumber.NO_DOMAIN, 'virDomainLookupByName'));
  });

  it('starts a transient domain with createXML', async () => {
    const name = uniq('transient');
    const dom = await conn.createXML(domainXML(name));
    assert.equal(await dom.name(), name);
    assert.equal(await dom.isPersistent(), false);
    assert.equal(await dom.isActive(), true);
    await dom.destroy();
    await assert.rejects(conn.lookupByName(name), libvirtError(libvirt.ErrorNumber.NO_DOMAIN));
  });

  it('saves and restores through managed save', async () => {
    const dom = await define('msave');
    await dom.create();
    assert.equal(await dom.hasManagedSaveImage(), false);
    assert.equal(await dom.managedSave(), 0);
    assert.equal(await dom.hasManagedSaveImage(), true);
    assert.equal(await dom.isActive(), false);
    await dom.create(); // restores from the image, which it then drops
    assert.equal(await dom.isActive(), true);
    assert.equal(await dom.hasManagedSaveImage(), false);
    await dom.managedSave();
    assert.equal(await dom.hasManagedSaveImage(), true);
    assert.equal(await dom.managedSaveRemove(), 0);
    assert.equal(await dom.hasManagedSaveImage(), false);
  });

  it('changes autostart, memory and vCPUs', async () => {
    const dom = await define('tune');
    assert.equal(await dom.autostart(), false);
    assert.equal(await dom.setAutostart(true), 0);
    assert.equal(await dom.autostart(), true);
    await dom.setAutostart(false);
    assert.equal(await dom.autostart(), false);
    assert.equal(await dom.setMemoryFlags(65536, libvirt.DomainModificationImpact.CONFIG), 0);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<currentMemory unit='KiB'>65536<\/currentMemory>/);
    assert.equal(await dom.setVcpusFlags(1, libvirt.DomainModificationImpact.CONFIG), 0);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<vcpu placement='static' current='1'>2<\/vcpu>/);
    await dom.create();
    assert.equal((await dom.info()).memory, 65536);
    assert.equal((await dom.info()).nrVirtCpu, 1);
    await dom.destroy();
  });

  it('round-trips metadata: an element under a namespace, a title and a description', async () => {
    const dom = await define('meta');
    const ns = 'https://virtdeck.example/ns/test-driver';
    assert.equal(await dom.setMetadata(libvirt.DomainMetadataType.ELEMENT, '<owner team="lab">Ada &amp; co</owner>', 'vd', ns), 0);
    const got = await dom.metadata(libvirt.DomainMetadataType.ELEMENT, ns);
    assert.match(got, /^<owner team="lab">Ada &amp; co<\/owner>$/);
    assert.match(await dom.XMLDesc(), /<vd:owner xmlns:vd="https:\/\/virtdeck.example\/ns\/test-driver" team="lab">Ada &amp; co<\/vd:owner>/);
    await dom.setMetadata(libvirt.DomainMetadataType.TITLE, 'Τίτλος <1>', null, null);
    assert.equal(await dom.metadata(libvirt.DomainMetadataType.TITLE), 'Τίτλος <1>');
    await dom.setMetadata(libvirt.DomainMetadataType.DESCRIPTION, 'line 1\nline 2', null, null);
    assert.equal(await dom.metadata(libvirt.DomainMetadataType.DESCRIPTION), 'line 1\nline 2');
    await dom.setMetadata(libvirt.DomainMetadataType.ELEMENT, null, null, ns);
    await assert.rejects(dom.metadata(libvirt.DomainMetadataType.ELEMENT, ns), libvirtError(libvirt.ErrorNumber.NO_DOMAIN_METADATA));
  });

  it('round-trips scheduler, memory and blkio parameters and vCPU pinning', async () => {
    const dom = await define('params');
    await dom.create();
    const sched = await dom.schedulerParameters();
    assert.deepEqual(sched, { weight: 50 });
    // The test driver accepts a weight but does not keep it: `virsh schedinfo --set weight=77`
    // followed by `virsh schedinfo` says 50 too. The call still goes through libvirt's checks:
    assert.equal(await dom.setSchedulerParameters({ weight: 77 }), 0);
    assert.deepEqual(await dom.schedulerParameters(), { weight: 50 });
    // A value that does not fit the type libvirt gives the field is refused like libvirt would.
    await assert.rejects(
      dom.setSchedulerParameters({ weight: -1 }),
      libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virDomainSetSchedulerParametersFlags', /'weight' must be an unsigned 32-bit integer/),
    );
    await assert.rejects(dom.setSchedulerParameters({ nope: 1 }), /nope/);

    const mem = await dom.memoryParameters();
    for (const k of ['hard_limit', 'soft_limit', 'swap_hard_limit']) assert.equal(typeof mem[k], 'bigint', k);
    assert.equal(await dom.setMemoryParameters({ hard_limit: 1n << 30n, soft_limit: 1n << 29n }), 0);
    const mem2 = await dom.memoryParameters();
    assert.equal(mem2['hard_limit'], 1n << 30n);
    assert.equal(mem2['soft_limit'], 1n << 29n);

    const blkio = await dom.blkioParameters();
    assert.equal(typeof blkio['weight'], 'number');
    assert.equal(await dom.setBlkioParameters({ weight: 333 }), 0);
    assert.equal((await dom.blkioParameters())['weight'], 333);

    const pins = await dom.vcpuPinInfo();
    assert.equal(pins.length, 2, 'one row per vCPU');
    assert.equal(pins[0]!.length, FX.cpus, 'one column per host CPU');
    const secondOnly = pins[1]!.map((_, i) => i === 1);
    assert.equal(await dom.pinVcpuFlags(1, secondOnly), 0);
    const after = await dom.vcpuPinInfo();
    assert.deepEqual(after[1], secondOnly);
    assert.deepEqual(after[0], pins[0], 'vCPU 0 unchanged');
    await dom.destroy();
  });

  it('round-trips NUMA, per-disk I/O limits, NIC bandwidth and emulator pinning, live and in the config', async () => {
    const mac = '52:54:00:aa:00:09';
    const dom = await define(
      'iotune',
      `<devices><disk type='file' device='disk'><source file='/fx-pool/spare.img'/><target dev='vda' bus='virtio'/></disk>
      <interface type='network'><mac address='${mac}'/><source network='${FX.net}'/></interface></devices>`,
    );
    const { CONFIG, LIVE } = libvirt.DomainModificationImpact;

    const numa = await dom.numaParameters(CONFIG);
    assert.equal(numa[libvirt.VIR_DOMAIN_NUMA_MODE], libvirt.DomainNumatuneMemMode.STRICT);
    assert.equal(numa[libvirt.VIR_DOMAIN_NUMA_NODESET], '');
    const interleave = { [libvirt.VIR_DOMAIN_NUMA_MODE]: libvirt.DomainNumatuneMemMode.INTERLEAVE, [libvirt.VIR_DOMAIN_NUMA_NODESET]: '0' };
    assert.equal(await dom.setNumaParameters(interleave, CONFIG), 0);
    assert.deepEqual(await dom.numaParameters(CONFIG), interleave);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<memory mode='interleave' nodeset='0'\/>/);
    await assert.rejects(dom.setNumaParameters({ [libvirt.VIR_DOMAIN_NUMA_MODE]: 'strict' }, CONFIG), /'numa_mode' must be a 32-bit integer/);

    // The test driver checks every *_max against its base field, even one left at 0 (no
    // limit), so a base limit goes in with its maximum.
    const io = await dom.blockIoTune('vda', CONFIG);
    assert.equal(io[libvirt.VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC], 0n, '64-bit fields arrive as bigint; 0: no limit');
    assert.equal(io[libvirt.VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME], '');
    assert.equal(await dom.setBlockIoTune('vda', { total_iops_sec: 100, total_iops_sec_max: 200, group_name: 'vd-group' }, CONFIG), 0);
    const io2 = await dom.blockIoTune('vda', CONFIG);
    assert.equal(io2['total_iops_sec'], 100n);
    assert.equal(io2['total_iops_sec_max'], 200n);
    assert.equal(io2['group_name'], 'vd-group');
    assert.equal(io2['read_bytes_sec'], 0n, 'fields not named are left as they were');
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<total_iops_sec>100<\/total_iops_sec>/);
    await assert.rejects(dom.blockIoTune('vdz', CONFIG), libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virDomainGetBlockIoTune'));
    await assert.rejects(dom.setBlockIoTune('vda', { total_iops_sec: -5 }, CONFIG), /'total_iops_sec' must be an unsigned 64-bit integer/);

    // A shut-off domain's NIC has no host device yet: its MAC names it.
    const bw = await dom.interfaceParameters(mac, CONFIG);
    assert.equal(bw[libvirt.VIR_DOMAIN_BANDWIDTH_IN_AVERAGE], 0);
    const limits = { [libvirt.VIR_DOMAIN_BANDWIDTH_IN_AVERAGE]: 1000, [libvirt.VIR_DOMAIN_BANDWIDTH_IN_PEAK]: 2000, [libvirt.VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE]: 500 };
    assert.equal(await dom.setInterfaceParameters(mac, limits, CONFIG), 0);
    const bw2 = await dom.interfaceParameters(mac, CONFIG);
    for (const [k, v] of Object.entries(limits)) assert.equal(bw2[k], v, k);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /<inbound average='1000' peak='2000'\/>/);
    await assert.rejects(dom.interfaceParameters('52:54:00:00:00:00', CONFIG), libvirt.LibvirtError);

    const hostCpus = (await conn.getCPUMap()).cpus.length;
    const all = await dom.emulatorPinInfo(CONFIG);
    assert.equal(all.length, hostCpus, 'one entry per host CPU');
    assert.ok(all.every(Boolean), 'unpinned: every host CPU');
    const lastOnly = all.map((_, i) => i === hostCpus - 1);
    assert.equal(await dom.pinEmulator(lastOnly, CONFIG), 0);
    assert.deepEqual(await dom.emulatorPinInfo(CONFIG), lastOnly);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), new RegExp(`<emulatorpin cpuset='${hostCpus - 1}'/>`));

    // Running: the live view starts from the config and changes on its own.
    await dom.create();
    assert.equal((await dom.blockIoTune('vda', LIVE))['total_iops_sec'], 100n);
    await dom.setBlockIoTune('vda', { read_bytes_sec: 1n << 20n, read_bytes_sec_max: 1n << 21n }, LIVE);
    assert.equal((await dom.blockIoTune('vda', LIVE))['read_bytes_sec'], 1n << 20n);
    assert.equal((await dom.blockIoTune('vda', CONFIG))['read_bytes_sec'], 0n, 'a live change leaves the config');
    const firstOnly = all.map((_, i) => i === 0);
    await dom.pinEmulator(firstOnly, LIVE);
    assert.deepEqual(await dom.emulatorPinInfo(LIVE), firstOnly);
    assert.deepEqual(await dom.emulatorPinInfo(CONFIG), lastOnly);
    assert.deepEqual(await dom.numaParameters(LIVE), interleave);
    await dom.destroy();
  });

  it('counts vCPUs by view, renames a shut-off domain and answers hostname and guest-info calls', async () => {
    const dom = await define('vcpus');
    const V = libvirt.DomainVcpuFlags;
    assert.equal(await dom.setVcpusFlags(1, V.CONFIG), 0);
    assert.equal(await dom.vcpusFlags(V.CONFIG | V.MAXIMUM), 2);
    assert.equal(await dom.vcpusFlags(V.CONFIG), 1);
    assert.equal(await dom.vcpusFlags(), 1, 'CURRENT of a shut-off domain is its config');
    await dom.create();
    assert.equal(await dom.vcpusFlags(V.LIVE), 1);
    await assert.rejects(dom.vcpusFlags(V.LIVE | V.CONFIG), libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virDomainGetVcpusFlags'));

    const oldName = await dom.name();
    await assert.rejects(dom.rename(`${oldName}-r`), libvirtError(libvirt.ErrorNumber.OPERATION_INVALID, 'virDomainRename', /active/));
    assert.equal(await dom.name(), oldName, 'a refused rename changes nothing');
    // The test driver makes a hostname of the domain's name, and has no guest agent.
    assert.equal(await dom.hostname(), `${oldName}host`);
    await assert.rejects(dom.hostname(libvirt.DomainGetHostnameFlags.AGENT), libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virDomainGetHostname'));
    await assert.rejects(dom.guestInfo(libvirt.DomainGuestInfoTypes.OS), unsupported('virDomainGetGuestInfo'));
    await dom.destroy();

    const uuid = await dom.UUIDString();
    const newName = `${oldName}-renamed`;
    made.push(newName);
    assert.equal(await dom.rename(newName), 0);
    assert.equal(await dom.name(), newName);
    assert.equal(await (await conn.lookupByName(newName)).UUIDString(), uuid);
    await assert.rejects(conn.lookupByName(oldName), libvirtError(libvirt.ErrorNumber.NO_DOMAIN));
    await assert.rejects(dom.rename('fx-beta'), libvirtError(libvirt.ErrorNumber.OPERATION_INVALID, 'virDomainRename', /already exists/));
    assert.equal(await dom.name(), newName, 'a refused rename keeps the name');
  });

  it('answers addresses, keys, block and screenshot calls on the fixture’s domain', async () => {
    const ifaces = await alpha.interfaceAddresses(libvirt.DomainInterfaceAddressesSource.LEASE);
    assert.equal(ifaces.length, 1);
    assert.equal(ifaces[0]!.hwaddr, FX.alphaMAC);
    assert.ok(ifaces[0]!.addrs.length >= 1);
    assert.equal(typeof ifaces[0]!.addrs[0]!.addr, 'string');
    assert.equal(await alpha.sendKey(libvirt.KeycodeSet.LINUX, 10, [29, 56, 111]), 0);
    const bi = await alpha.blockInfo('vda');
    // The test driver's fixed answer (virsh domblkinfo says the same).
    assert.deepEqual(bi, { capacity: 1099506450432, allocation: 1099511627776, physical: 1099511627776 });
    await assert.rejects(alpha.blockInfo('vdz'), libvirt.LibvirtError);
    const shot = await libvirt.screenshot(alpha);
    assert.equal(shot.mime, 'image/png');
    assert.deepEqual([...shot.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(shot.bytes.length > 8);
  });

  it('carries refusals of unsupported domain calls back as LibvirtError', async () => {
    const disk = "<disk type='file' device='disk'><source file='/fx-pool/spare.img'/><target dev='vdb' bus='virtio'/></disk>";
    await assert.rejects(alpha.attachDeviceFlags(disk), unsupported('virDomainAttachDeviceFlags'));
    await assert.rejects(alpha.detachDeviceFlags(disk), unsupported('virDomainDetachDeviceFlags'));
    await assert.rejects(alpha.updateDeviceFlags(disk), unsupported('virDomainUpdateDeviceFlags'));
    // The test driver cannot sleep a guest; the real wake-up is in backend/sleep-and-crash.
    await assert.rejects(alpha.pMWakeup(), unsupported('virDomainPMWakeup'));
    const stream = await conn.newStream();
    await assert.rejects(alpha.openConsole(null, stream), unsupported('virDomainOpenConsole'));
    await stream.abort().catch(() => 0);
    await assert.rejects(alpha.blockResize('vda', 1 << 20), unsupported('virDomainBlockResize'));
    await assert.rejects(alpha.jobInfo(), unsupported('virDomainGetJobInfo'));
    await assert.rejects(alpha.jobStats(), unsupported('virDomainGetJobStats'));
    await assert.rejects(alpha.abortJob(), unsupported('virDomainAbortJob'));
    const other = await libvirt.open(URI);
    try {
      await assert.rejects(alpha.migrateToURI3(URI, { [libvirt.VIR_MIGRATE_PARAM_BANDWIDTH]: 10n }), libvirt.LibvirtError);
      await assert.rejects(alpha.migrate3(other, { [libvirt.VIR_MIGRATE_PARAM_DEST_NAME]: 'copy' }), libvirt.LibvirtError);
    } finally {
      await other.close();
    }
  });

  it('takes, walks, reverts and deletes snapshots', async () => {
    const dom = await define('snap');
    await dom.create();
    const s1 = await dom.snapshotCreateXML('<domainsnapshot><name>first</name><description>one</description></domainsnapshot>');
    assert.equal(await s1.getName(), 'first');
    assert.equal(s1.domain, dom);
    await dom.suspend();
    const s2 = await dom.snapshotCreateXML('<domainsnapshot><name>second</name></domainsnapshot>');
    await dom.resume();
    const x2 = await s2.getXMLDesc();
    assert.equal(tag(x2, 'name'), 'second');
    assert.equal(tag(x2, 'parent') ?? /<parent>\s*<name>([^<]*)<\/name>/.exec(x2)?.[1], 'first');
    assert.equal(await s2.isCurrent(), true);
    assert.equal(await s1.isCurrent(), false);
    assert.equal(await (await s2.getParent()).getName(), 'first');
    await assert.rejects(s1.getParent(), libvirtError(libvirt.ErrorNumber.NO_DOMAIN_SNAPSHOT));
    assert.deepEqual(await Promise.all((await s1.listAllChildren()).map((s) => s.getName())), ['second']);
    assert.deepEqual(await s2.listAllChildren(), []);
    const all = await dom.listAllSnapshots();
    assert.deepEqual((await Promise.all(all.map((s) => s.getName()))).sort(), ['first', 'second']);
    assert.equal(await (await dom.snapshotLookupByName('first')).getName(), 'first');
    assert.equal(await (await dom.snapshotCurrent()).getName(), 'second');

    assert.equal(await dom.revertToSnapshot(s1), 0);
    assert.equal(await (await dom.snapshotCurrent()).getName(), 'first');
    assert.equal((await dom.state()).state, libvirt.DomainState.RUNNING);
    assert.equal(await dom.revertToSnapshot(s2), 0);
    assert.equal((await dom.state()).state, libvirt.DomainState.PAUSED, 'second was taken while paused');

    assert.equal(await s2.delete(), 0);
    assert.deepEqual(await s1.listAllChildren(), []);
    assert.equal(await s1.delete(), 0);
    assert.deepEqual(await dom.listAllSnapshots(), []);
    await assert.rejects(dom.snapshotLookupByName('first'), libvirtError(libvirt.ErrorNumber.NO_DOMAIN_SNAPSHOT));
    await assert.rejects(dom.snapshotCurrent(), libvirtError(libvirt.ErrorNumber.NO_DOMAIN_SNAPSHOT));
    await dom.destroy();
  });
});

// ---------------------------------------------------------------- events

describe('Lifecycle events', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open(URI);
  });
  after(async () => {
    await conn.close();
  });

  it('delivers domain events in order: define, start, suspend, resume, destroy, undefine', async () => {
    const name = uniq('ev-dom');
    const got = new Collector<Lifecycle>();
    const id = await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, (dom, ev) => {
      assert.ok(dom instanceof libvirt.Domain);
      void dom.name().then((n) => n === name && got.push({ name: n, event: ev.event, detail: ev.detail }));
    });
    assert.ok(id >= 0);
    try {
      const dom = await conn.defineXML(domainXML(name));
      await dom.create();
      await dom.suspend();
      await dom.resume();
      await dom.destroy();
      await dom.undefineFlags();
      const events = await got.wait(6, 'domain lifecycle events');
      const E = libvirt.DomainEventType;
      assert.deepEqual(
        events.map((e) => e.event),
        [E.DEFINED, E.STARTED, E.SUSPENDED, E.RESUMED, E.STOPPED, E.UNDEFINED],
      );
      assert.deepEqual(
        events.map((e) => e.detail),
        [
          libvirt.DomainEventDefinedDetailType.ADDED,
          libvirt.DomainEventStartedDetailType.BOOTED,
          libvirt.DomainEventSuspendedDetailType.PAUSED,
          libvirt.DomainEventResumedDetailType.UNPAUSED,
          libvirt.DomainEventStoppedDetailType.DESTROYED,
          libvirt.DomainEventUndefinedDetailType.REMOVED,
        ],
      );
    } finally {
      await conn.domainEventDeregisterAny(id);
    }
  });

  it('delivers events for one domain only when registered for it', async () => {
    const alpha = await conn.lookupByName('fx-alpha');
    const got = new Collector<number>();
    const id = await conn.domainEventRegisterAny(alpha, libvirt.DomainEventID.LIFECYCLE, (dom, ev) => {
      void dom.name().then((n) => got.push(n === 'fx-alpha' ? ev.event : -1));
    });
    try {
      const beta = await conn.lookupByName('fx-beta');
      await beta.create();
      await beta.destroy();
      await alpha.suspend();
      await alpha.resume();
      assert.deepEqual(await got.wait(2, 'fx-alpha events'), [libvirt.DomainEventType.SUSPENDED, libvirt.DomainEventType.RESUMED]);
    } finally {
      await conn.domainEventDeregisterAny(id);
    }
  });

  it('delivers network events: define, start, stop, undefine', async () => {
    const name = uniq('ev-net');
    const got = new Collector<Lifecycle>();
    const id = await conn.networkEventRegisterAny(null, libvirt.NetworkEventID.LIFECYCLE, (net, ev) => {
      assert.ok(net instanceof libvirt.Network);
      void net.name().then((n) => n === name && got.push({ name: n, ...ev }));
    });
    try {
      const net = await conn.networkDefineXML(`<network><name>${xmlEscape(name)}</name><bridge name='vdev0'/></network>`);
      await net.create();
      await net.destroy();
      await net.undefine();
      const L = libvirt.NetworkEventLifecycleType;
      assert.deepEqual(
        (await got.wait(4, 'network lifecycle events')).map((e) => e.event),
        [L.DEFINED, L.STARTED, L.STOPPED, L.UNDEFINED],
      );
    } finally {
      await conn.networkEventDeregisterAny(id);
    }
  });

  it('delivers storage pool events: define, start, stop, undefine, and refresh', async () => {
    const name = uniq('ev-pool');
    const got = new Collector<Lifecycle>();
    const refreshed = new Collector<string>();
    const lid = await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.LIFECYCLE, (pool, ev) => {
      assert.ok(pool instanceof libvirt.StoragePool);
      void pool.name().then((n) => n === name && got.push({ name: n, ...ev }));
    });
    const rid = await conn.storagePoolEventRegisterAny(null, libvirt.StoragePoolEventID.REFRESH, (pool) => {
      void pool.name().then(refreshed.push);
    });
    try {
      const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${xmlEscape(name)}</name><target><path>/${name}</path></target></pool>`);
      await pool.create();
      await pool.refresh();
      assert.deepEqual(await refreshed.wait(1, 'a pool refresh event'), [name]);
      await pool.destroy();
      await pool.undefine();
      const L = libvirt.StoragePoolEventLifecycleType;
      assert.deepEqual(
        (await got.wait(4, 'pool lifecycle events')).map((e) => e.event),
        [L.DEFINED, L.STARTED, L.STOPPED, L.UNDEFINED],
      );
    } finally {
      await conn.storagePoolEventDeregisterAny(lid);
      await conn.storagePoolEventDeregisterAny(rid);
    }
  });

  it('refuses a second registration of the same event on the same object, as libvirt does', async () => {
    // libvirt tracks a callback by (connection, event, object, C function): the binding, like
    // libvirt-python, has one C function per event, so a duplicate is libvirt's to refuse.
    const id = await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => undefined);
    try {
      await assert.rejects(
        conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => undefined),
        libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virConnectDomainEventRegisterAny', /already tracked/),
      );
    } finally {
      assert.equal(await conn.domainEventDeregisterAny(id), 0);
    }
    await assert.rejects(conn.domainEventDeregisterAny(id), libvirtError(libvirt.ErrorNumber.INVALID_ARG));
    // Once deregistered, the same registration is accepted again.
    await conn.domainEventDeregisterAny(await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => undefined));
  });

  it('stops delivering to a deregistered callback while another still receives', async () => {
    // A callback for all objects (dropped after the first event) and one for the object alone
    // (kept): once the kept one has seen the next event, the dropped one would have seen it too.
    const name = uniq('ev-dereg');
    const D = libvirt.DomainEventID.LIFECYCLE;
    const N = libvirt.NetworkEventID.LIFECYCLE;
    const P = libvirt.StoragePoolEventID.LIFECYCLE;
    const dropped = { dom: new Collector<number>(), net: new Collector<number>(), pool: new Collector<number>() };
    const kept = { dom: new Collector<number>(), net: new Collector<number>(), pool: new Collector<number>() };
    const dDrop = await conn.domainEventRegisterAny(null, D, (_d, ev) => dropped.dom.push(ev.event));
    const nDrop = await conn.networkEventRegisterAny(null, N, (_n, ev) => dropped.net.push(ev.event));
    const pDrop = await conn.storagePoolEventRegisterAny(null, P, (_p, ev) => dropped.pool.push(ev.event));

    const dom = await conn.defineXML(domainXML(name));
    const net = await conn.networkDefineXML(`<network><name>${name}</name><bridge name='vdereg0'/></network>`);
    const pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${name}</name><target><path>/${name}</path></target></pool>`);
    await Promise.all([dropped.dom.wait(1, 'domain event'), dropped.net.wait(1, 'network event'), dropped.pool.wait(1, 'pool event')]);

    const dKeep = await conn.domainEventRegisterAny(dom, D, (_d, ev) => kept.dom.push(ev.event));
    const nKeep = await conn.networkEventRegisterAny(net, N, (_n, ev) => kept.net.push(ev.event));
    const pKeep = await conn.storagePoolEventRegisterAny(pool, P, (_p, ev) => kept.pool.push(ev.event));
    assert.equal(await conn.domainEventDeregisterAny(dDrop), 0);
    assert.equal(await conn.networkEventDeregisterAny(nDrop), 0);
    assert.equal(await conn.storagePoolEventDeregisterAny(pDrop), 0);

    await dom.create();
    await dom.destroy();
    await dom.undefineFlags();
    await net.create();
    await net.destroy();
    await net.undefine();
    await pool.create();
    await pool.destroy();
    await pool.undefine();
    await Promise.all([kept.dom.wait(3, 'domain events'), kept.net.wait(3, 'network events'), kept.pool.wait(3, 'pool events')]);
    const E = libvirt.DomainEventType;
    const L = libvirt.NetworkEventLifecycleType;
    const S = libvirt.StoragePoolEventLifecycleType;
    assert.deepEqual(kept.dom.items, [E.STARTED, E.STOPPED, E.UNDEFINED]);
    assert.deepEqual(kept.net.items, [L.STARTED, L.STOPPED, L.UNDEFINED]);
    assert.deepEqual(kept.pool.items, [S.STARTED, S.STOPPED, S.UNDEFINED]);
    assert.deepEqual(dropped.dom.items, [E.DEFINED]);
    assert.deepEqual(dropped.net.items, [L.DEFINED]);
    assert.deepEqual(dropped.pool.items, [S.DEFINED]);
    await conn.domainEventDeregisterAny(dKeep);
    await conn.networkEventDeregisterAny(nKeep);
    await conn.storagePoolEventDeregisterAny(pKeep);
  });
});

// ---------------------------------------------------------------- networks

describe('Network', () => {
  let conn: libvirt.Connection;
  const made: string[] = [];
  before(async () => {
    conn = await libvirt.open(URI);
  });
  after(async () => {
    for (const name of made) {
      const net = await conn.networkLookupByName(name).catch(() => null);
      if (!net) continue;
      if (await net.isActive()) await net.destroy();
      if (await net.isPersistent()) await net.undefine();
    }
    await conn.close();
  });

  it('describes the fixture’s network', async () => {
    const net = await conn.networkLookupByName(FX.net);
    assert.equal(await net.isActive(), true);
    assert.equal(await net.isPersistent(), true);
    assert.equal(await net.autostart(), false);
    assert.equal(await net.bridgeName(), FX.bridge);
    const xml = await net.XMLDesc();
    assert.equal(tag(xml, 'name'), FX.net);
    assert.equal(tag(xml, 'uuid'), await net.UUIDString());
    assert.match(xml, /<ip address='192.168.140.1' netmask='255.255.255.0'>/);
    await assert.rejects(net.DHCPLeases(), unsupported('virNetworkGetDHCPLeases'));
  });

  it('defines, starts, updates, autostarts, stops and undefines a network', async () => {
    const name = uniq('net');
    made.push(name);
    const net = await conn.networkDefineXML(
      `<network><name>${xmlEscape(name)}</name><bridge name='vdt0'/><ip address='10.250.0.1' netmask='255.255.255.0'>` +
        `<dhcp><range start='10.250.0.10' end='10.250.0.20'/></dhcp></ip></network>`,
    );
    assert.equal(await net.name(), name);
    assert.equal(await net.isPersistent(), true);
    assert.equal(await net.isActive(), false);
    assert.equal(await net.create(), 0);
    assert.equal(await net.isActive(), true);
    assert.equal(await net.bridgeName(), 'vdt0');
    assert.equal(await net.setAutostart(true), 0);
    assert.equal(await net.autostart(), true);
    assert.equal(
      await net.update(
        libvirt.NetworkUpdateCommand.ADD_LAST,
        libvirt.NetworkUpdateSection.IP_DHCP_HOST,
        -1,
        "<host mac='52:54:00:00:00:42' name='guest42' ip='10.250.0.42'/>",
        libvirt.NetworkUpdateFlags.LIVE | libvirt.NetworkUpdateFlags.CONFIG,
      ),
      0,
    );
    assert.match(await net.XMLDesc(), /<host mac='52:54:00:00:00:42' name='guest42' ip='10.250.0.42'\/>/);
    // The test driver takes no flags for network XML.
    await assert.rejects(net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE), libvirtError(libvirt.ErrorNumber.INVALID_ARG, 'virNetworkGetXMLDesc', /unsupported flags/));
    await net.update(
      libvirt.NetworkUpdateCommand.DELETE,
      libvirt.NetworkUpdateSection.IP_DHCP_HOST,
      -1,
      "<host mac='52:54:00:00:00:42' name='guest42' ip='10.250.0.42'/>",
      libvirt.NetworkUpdateFlags.LIVE | libvirt.NetworkUpdateFlags.CONFIG,
    );
    assert.doesNotMatch(await net.XMLDesc(), /guest42/);
    await assert.rejects(net.DHCPLeases('52:54:00:00:00:42'), unsupported('virNetworkGetDHCPLeases'));
    await net.setAutostart(false);
    assert.equal(await net.autostart(), false);
    assert.equal(await net.destroy(), 0);
    assert.equal(await net.isActive(), false);
    assert.equal(await net.undefine(), 0);
    await assert.rejects(conn.networkLookupByName(name), libvirtError(libvirt.ErrorNumber.NO_NETWORK));
  });

  it('starts a transient network with networkCreateXML', async () => {
    const name = uniq('tnet');
    made.push(name);
    const net = await conn.networkCreateXML(`<network><name>${xmlEscape(name)}</name><bridge name='vdt1'/></network>`);
    assert.equal(await net.isPersistent(), false);
    assert.equal(await net.isActive(), true);
    await net.destroy();
    await assert.rejects(conn.networkLookupByName(name), libvirtError(libvirt.ErrorNumber.NO_NETWORK));
  });
});

// ---------------------------------------------------------------- storage

describe('StoragePool and StorageVolume', () => {
  let conn: libvirt.Connection;
  let pool: libvirt.StoragePool;
  const madePools: string[] = [];
  before(async () => {
    conn = await libvirt.open(URI);
    pool = await conn.storagePoolLookupByName(FX.pool);
  });
  after(async () => {
    for (const name of madePools) {
      const p = await conn.storagePoolLookupByName(name).catch(() => null);
      if (!p) continue;
      if (await p.isActive()) await p.destroy();
      await p.undefine();
    }
    for (const v of await pool.listAllVolumes()) {
      if (!(FX.volumes as readonly string[]).includes(await v.name())) await v.delete();
    }
    await conn.close();
  });

  it('describes the fixture’s pool and its volumes', async () => {
    const info = await pool.info();
    assert.equal(info.state, libvirt.StoragePoolState.RUNNING);
    assert.equal(info.capacity, 100 * 2 ** 30);
    assert.equal(info.allocation + info.available, info.capacity);
    assert.equal(await pool.isActive(), true);
    assert.equal(await pool.isPersistent(), true);
    assert.equal(await pool.autostart(), false);
    const xml = await pool.XMLDesc();
    assert.equal(tag(xml, 'name'), FX.pool);
    assert.equal(tag(xml, 'uuid'), FX.poolUUID);
    assert.equal(tag(xml, 'path'), `/${FX.pool}`);

    const vols = await pool.listAllVolumes();
    assert.deepEqual(await names(vols), [...FX.volumes]);
    const vol = await pool.storageVolLookupByName('alpha.img');
    assert.equal(await vol.name(), 'alpha.img');
    const path = await vol.path();
    assert.equal(path, `/${FX.pool}/alpha.img`);
    assert.equal(await vol.key(), path);
    const vinfo = await vol.info();
    assert.equal(vinfo.type, libvirt.StorageVolType.FILE);
    assert.equal(vinfo.capacity, 2 * 2 ** 30);
    assert.equal(vinfo.allocation, 100 * 2 ** 20);
    const vxml = await vol.XMLDesc();
    assert.equal(tag(vxml, 'name'), 'alpha.img');
    assert.match(vxml, /<capacity unit='bytes'>2147483648<\/capacity>/);
    assert.equal(await (await conn.storageVolLookupByPath(path)).key(), path);
    await assert.rejects(pool.storageVolLookupByName('nope.img'), libvirtError(libvirt.ErrorNumber.NO_STORAGE_VOL));
  });

  it('creates, clones, resizes, wipes and deletes volumes', async () => {
    const vol = await pool.createXML(`<volume><name>new.img</name><capacity unit='MiB'>16</capacity></volume>`);
    assert.equal(await vol.name(), 'new.img');
    assert.equal(await vol.path(), `/${FX.pool}/new.img`);
    assert.equal((await vol.info()).capacity, 16 * 2 ** 20);
    const copy = await pool.createXMLFrom(`<volume><name>copy.img</name><capacity unit='MiB'>16</capacity></volume>`, vol);
    assert.equal(await copy.name(), 'copy.img');
    assert.deepEqual(await names(await pool.listAllVolumes()), ['alpha.img', 'copy.img', 'new.img', 'spare.img']);
    await assert.rejects(vol.resize(32 * 2 ** 20), unsupported('virStorageVolResize'));
    await assert.rejects(vol.wipe(), unsupported('virStorageVolWipe'));
    const stream = await conn.newStream();
    await assert.rejects(vol.upload(stream, 0, 10), unsupported('virStorageVolUpload'));
    await assert.rejects(vol.download(stream, 0, 10), unsupported('virStorageVolDownload'));
    await stream.abort().catch(() => 0);
    assert.equal(await copy.delete(), 0);
    assert.equal(await vol.delete(), 0);
    assert.deepEqual(await names(await pool.listAllVolumes()), [...FX.volumes]);
    await assert.rejects(conn.storageVolLookupByPath(`/${FX.pool}/new.img`), libvirtError(libvirt.ErrorNumber.NO_STORAGE_VOL));
  });

  it('defines, builds, starts, autostarts, refreshes, stops, deletes and undefines a pool', async () => {
    const name = uniq('pool');
    madePools.push(name);
    const p = await conn.storagePoolDefineXML(`<pool type='dir'><name>${xmlEscape(name)}</name><target><path>/${name}</path></target></pool>`);
    assert.equal(await p.name(), name);
    assert.equal(await p.isPersistent(), true);
    assert.equal(await p.isActive(), false);
    assert.equal((await p.info()).state, libvirt.StoragePoolState.INACTIVE);
    assert.equal(await p.build(), 0);
    assert.equal(await p.create(), 0);
    assert.equal(await p.isActive(), true);
    assert.equal((await p.info()).state, libvirt.StoragePoolState.RUNNING);
    assert.equal(await p.setAutostart(true), 0);
    assert.equal(await p.autostart(), true);
    assert.equal(await p.refresh(), 0);
    const v = await p.createXML(`<volume><name>in-new-pool.img</name><capacity unit='KiB'>64</capacity></volume>`);
    assert.equal(await v.path(), `/${name}/in-new-pool.img`);
    // The test driver looks the source of a clone up in the target pool only (`virsh vol-clone
    // --pool` behaves the same), so a source from another pool is "not found".
    await assert.rejects(
      p.createXMLFrom(`<volume><name>from-fx.img</name><capacity unit='GiB'>1</capacity></volume>`, await pool.storageVolLookupByName('spare.img')),
      libvirtError(libvirt.ErrorNumber.NO_STORAGE_VOL, 'virStorageVolCreateXMLFrom'),
    );
    const clone = await p.createXMLFrom(`<volume><name>clone.img</name><capacity unit='KiB'>64</capacity></volume>`, v);
    assert.deepEqual(await names(await p.listAllVolumes()), ['clone.img', 'in-new-pool.img']);
    await v.delete();
    await clone.delete();
    assert.equal(await p.destroy(), 0);
    assert.equal(await p.isActive(), false);
    assert.equal(await p.delete(), 0);
    assert.equal(await p.undefine(), 0);
    await assert.rejects(conn.storagePoolLookupByName(name), libvirtError(libvirt.ErrorNumber.NO_STORAGE_POOL));
  });
});

// ---------------------------------------------------------------- node devices and interfaces

describe('NodeDevice and Interface', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open(URI);
  });
  after(async () => {
    await conn.close();
  });

  it('lists the fixture’s node devices with their XML and capabilities', async () => {
    const devs = await conn.listAllNodeDevices();
    assert.deepEqual(await names(devs), [...FX.devices]);
    const byName = new Map(await Promise.all(devs.map(async (d) => [await d.name(), d] as const)));
    const host = byName.get('fx_scsi_host7')!;
    assert.deepEqual(await host.listCaps(), ['scsi_host']);
    const xml = await host.XMLDesc();
    assert.equal(tag(xml, 'name'), 'fx_scsi_host7');
    assert.equal(tag(xml, 'parent'), 'computer');
    assert.match(xml, /<capability type='scsi_host'>/);
    const computer = byName.get('computer')!;
    assert.deepEqual(await computer.listCaps(), ['system']);
    assert.match(await computer.XMLDesc(), /<serial>vd-0001<\/serial>/);
  });

  it('looks a node device up by name', async () => {
    const host = await conn.nodeDeviceLookupByName('fx_scsi_host7');
    assert.equal(await host.name(), 'fx_scsi_host7');
    assert.equal(tag(await host.XMLDesc(), 'parent'), 'computer');
    await assert.rejects(conn.nodeDeviceLookupByName('pci_0000_ff_ff_7'), libvirtError(libvirt.ErrorNumber.NO_NODE_DEVICE, 'virNodeDeviceLookupByName'));
  });

  it('lists the fixture’s interface with its MAC, XML and state', async () => {
    const ifaces = await conn.listAllInterfaces();
    assert.equal(ifaces.length, 1);
    const iface = ifaces[0]!;
    assert.equal(await iface.name(), FX.iface);
    assert.equal(await iface.MACString(), FX.ifaceMAC);
    const xml = await iface.XMLDesc();
    assert.match(xml, new RegExp(`<interface type='ethernet' name='${FX.iface}'>`));
    assert.match(xml, /<ip address='10.9.8.7' prefix='24'\/>/);
    assert.equal(await iface.isActive(), true);
  });
});

// ---------------------------------------------------------------- odd names

describe('odd names round-trip', () => {
  let conn: libvirt.Connection;
  const made: libvirt.Domain[] = [];
  before(async () => {
    conn = await libvirt.open(URI);
  });
  after(async () => {
    for (const dom of made) await dom.undefineFlags().catch(() => 0);
    await conn.close();
  });

  const odd = {
    'XML metacharacters': `a&b<c>"'`,
    unicode: 'Ωμέγα-虚拟机-🚀',
    '200 characters': 'x'.repeat(100) + 'é'.repeat(50) + '-'.repeat(49) + 'z',
  };
  for (const [label, name] of Object.entries(odd)) {
    it(`keeps a name with ${label}`, async () => {
      const dom = await conn.defineXML(domainXML(name));
      made.push(dom);
      assert.equal(await dom.name(), name);
      const found = await conn.lookupByName(name);
      assert.equal(await found.name(), name);
      assert.equal(await found.UUIDString(), await dom.UUIDString());
      assert.equal(await (await conn.lookupByUUIDString(await dom.UUIDString())).name(), name);
      const listed = await names(await conn.listAllDomains());
      assert.ok(listed.includes(name));
      const xml = await dom.XMLDesc();
      const inXml = tag(xml, 'name');
      assert.ok(inXml !== undefined, 'the XML has a <name> free of markup');
      assert.equal(xmlUnescape(inXml), name);
      assert.ok(xml.includes(`<name>${xmlEscape(name)}</name>`), `escaped name in ${xml.slice(0, 300)}`);
      const [rec] = await conn.domainListGetStats([found], libvirt.DomainStatsTypes.STATE);
      assert.equal(await rec!.domain.name(), name);
    });
  }
  it('uses a name of exactly 200 characters', () => {
    assert.equal(odd['200 characters'].length, 200);
  });
});

// ---------------------------------------------------------------- errors

describe('errors', () => {
  let conn: libvirt.Connection;
  before(async () => {
    conn = await libvirt.open(URI);
  });
  after(async () => {
    await conn.close();
  });

  it('rejects malformed XML from defineXML, naming virDomainDefineXMLFlags', async () => {
    await assert.rejects(conn.defineXML('<domain type="test"><name>broken</name'), (e: unknown) => {
      assert.ok(e instanceof libvirt.LibvirtError);
      assert.equal(e.call, 'virDomainDefineXMLFlags');
      assert.ok([libvirt.ErrorNumber.XML_ERROR, libvirt.ErrorNumber.XML_DETAIL].includes(e.code as 27 | 35), `code ${e.code}`);
      assert.ok(e.message.length > 0);
      return true;
    });
    await assert.rejects(conn.defineXML(''), libvirt.LibvirtError);
  });

  it('rejects an unknown element only with DomainDefineFlags.VALIDATE', async () => {
    const name = uniq('validate');
    const xml = domainXML(name, '<virtdeck-bogus/>');
    await assert.rejects(conn.defineXML(xml, libvirt.DomainDefineFlags.VALIDATE), libvirtError(libvirt.ErrorNumber.XML_INVALID_SCHEMA, 'virDomainDefineXMLFlags'));
    await assert.rejects(conn.lookupByName(name), libvirtError(libvirt.ErrorNumber.NO_DOMAIN));
    const dom = await conn.defineXML(xml); // without VALIDATE libvirt ignores what it does not know
    assert.doesNotMatch(await dom.XMLDesc(), /virtdeck-bogus/);
    await dom.undefineFlags();
  });

  it('rejects an unknown URI scheme and missing objects', async () => {
    await assert.rejects(libvirt.open('nosuchscheme:///x'), (e: unknown) => {
      assert.ok(e instanceof libvirt.LibvirtError);
      assert.ok(e.call.length > 0);
      assert.ok(e.message.length > 0);
      return true;
    });
    await assert.rejects(libvirt.open('test:///no/such/file.xml'), libvirt.LibvirtError);
    await assert.rejects(conn.lookupByName('no-such-domain'), libvirtError(libvirt.ErrorNumber.NO_DOMAIN, 'virDomainLookupByName'));
    await assert.rejects(conn.lookupByID(99999), libvirtError(libvirt.ErrorNumber.NO_DOMAIN, 'virDomainLookupByID'));
    await assert.rejects(conn.lookupByUUIDString('00000000-0000-0000-0000-000000000001'), libvirtError(libvirt.ErrorNumber.NO_DOMAIN, 'virDomainLookupByUUIDString'));
    await assert.rejects(conn.networkLookupByName('no-such-net'), libvirtError(libvirt.ErrorNumber.NO_NETWORK));
    await assert.rejects(conn.storagePoolLookupByName('no-such-pool'), libvirtError(libvirt.ErrorNumber.NO_STORAGE_POOL));
    await assert.rejects(conn.storageVolLookupByPath('/no/such/vol'), libvirtError(libvirt.ErrorNumber.NO_STORAGE_VOL));
  });

  it('throws TypeError naming the argument for wrong JS types', async () => {
    const dom = await conn.lookupByName('fx-beta');
    const typeError = (arg: string) => (e: unknown) => {
      assert.ok(e instanceof TypeError, `expected TypeError, got ${String(e)}`);
      assert.match(e.message, new RegExp(`'${arg}'`));
      return true;
    };
    assert.throws(() => conn.lookupByName(42 as unknown as string), typeError('name'));
    assert.throws(() => dom.setAutostart('yes' as unknown as boolean), typeError('autostart'));
    assert.throws(() => conn.lookupByID('1' as unknown as number), typeError('id'));
    assert.throws(() => conn.defineXML(null as unknown as string), typeError('xml'));
    assert.throws(() => conn.defineXML('<x/>', -1), typeError('flags'));
    assert.throws(() => dom.sendKey(libvirt.KeycodeSet.LINUX, 0, ['a' as unknown as number]), TypeError);
    assert.throws(() => dom.pinVcpuFlags(0, 'all' as unknown as boolean[]), TypeError);
    assert.throws(() => conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, null as unknown as () => void), typeError('cb'));
    await assert.rejects(libvirt.open(7 as unknown as string), typeError('uri'));
  });

  it('rejects calls on objects of a closed connection', async () => {
    const c = await libvirt.open(URI);
    const dom = await c.lookupByName('fx-alpha');
    const net = await c.networkLookupByName(FX.net);
    const pool = await c.storagePoolLookupByName(FX.pool);
    assert.equal(await c.close(), 0);
    const closed = (e: unknown) => {
      assert.ok(e instanceof libvirt.LibvirtError, `expected LibvirtError, got ${String(e)}`);
      assert.equal(e.code, libvirt.ErrorNumber.INVALID_CONN);
      assert.match(e.message, /connection is closed|belongs to a closed connection/);
      return true;
    };
    await assert.rejects(dom.info(), closed);
    await assert.rejects(dom.XMLDesc(), closed);
    await assert.rejects(dom.name(), closed);
    await assert.rejects(net.isActive(), closed);
    await assert.rejects(pool.info(), closed);
    await assert.rejects(c.listAllDomains(), closed);
    await assert.rejects(c.getURI(), closed);
    assert.equal(await c.close(), 0, 'closing twice is harmless');
  });

  it('closed-connection errors name a libvirt function in `call`', async () => {
    // LibvirtError.call is documented as "the libvirt function that failed"; Domain.name()
    // says virDomainGetName, so every other closed-connection refusal should name one too.
    const c = await libvirt.open(URI);
    const dom = await c.lookupByName('fx-alpha');
    await c.close();
    const calls: string[] = [];
    for (const p of [dom.name(), dom.info(), c.getURI()]) {
      await p.then(
        () => assert.fail('resolved on a closed connection'),
        (e: unknown) => calls.push(e instanceof libvirt.LibvirtError ? e.call : `not a LibvirtError: ${String(e)}`),
      );
    }
    assert.deepEqual(
      calls.map((call) => (/^vir[A-Z]\w+$/.test(call) ? 'vir…' : call)),
      ['vir…', 'vir…', 'vir…'],
    );
  });

  it('closed-connection refusals of local facts are LibvirtError for every class, as for Domain', async () => {
    const c = await libvirt.open(URI);
    const alpha = await c.lookupByName('fx-alpha');
    const snapDom = await c.defineXML(domainXML(uniq('closed-snap')));
    const snap = await snapDom.snapshotCreateXML('<domainsnapshot><name>s</name></domainsnapshot>');
    const net = await c.networkLookupByName(FX.net);
    const pool = await c.storagePoolLookupByName(FX.pool);
    const vol = await pool.storageVolLookupByName('alpha.img');
    const [dev] = await c.listAllNodeDevices();
    const [iface] = await c.listAllInterfaces();
    await c.close(); // a node file's driver dies with its connection: nothing to clean up
    const facts: [string, () => Promise<string>][] = [
      ['Domain.name', () => alpha.name()],
      ['Network.name', () => net.name()],
      ['StoragePool.name', () => pool.name()],
      ['StorageVolume.name', () => vol.name()],
      ['NodeDevice.name', () => dev!.name()],
      ['Interface.name', () => iface!.name()],
      ['DomainSnapshot.getName', () => snap.getName()],
    ];
    const kinds: Record<string, string> = {};
    for (const [label, fn] of facts) {
      kinds[label] = await fn().then(
        () => 'resolved',
        (e: unknown) => (e instanceof libvirt.LibvirtError ? 'LibvirtError' : `${(e as Error).constructor.name}: ${(e as Error).message}`),
      );
    }
    assert.deepEqual(kinds, Object.fromEntries(facts.map(([label]) => [label, 'LibvirtError'])));
  });
});

// ---------------------------------------------------------------- nothing left out

describe('coverage', () => {
  it('called every public method of every object class', () => {
    const missing = [...allMethods].filter((m) => !calledMethods.has(m)).sort();
    assert.deepEqual(missing, [], `never called: ${missing.join(', ')}`);
    assert.ok(allMethods.size > 150, `${allMethods.size} methods`);
  });
});
