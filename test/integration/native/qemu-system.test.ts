// The binding against a real libvirtd running real QEMU (TCG): graphics, consoles, storage
// transfers and networks. Needs test/support/host-setup.sh to have run.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import * as libvirt from 'virtdeck/native';
import { openOrExplain, purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName, waitFor } from './support.js';

/**
 * Decodes a screenshot to RGB pixels. QEMU's screendump gives PNG where it can (QEMU >= 7.1
 * with libvirt >= 8.x) and binary PPM (P6) otherwise; both are checked for real.
 */
function decodeImage(mime: string, bytes: Buffer): { width: number; height: number; rgb: (i: number) => number } {
  if (mime === 'image/png') {
    const png = PNG.sync.read(bytes); // throws on a corrupt file or bad CRC
    return { width: png.width, height: png.height, rgb: (i) => png.data.readUInt32BE(i * 4) >>> 8 };
  }
  assert.equal(mime, 'image/x-portable-pixmap', `unexpected screenshot type ${mime}`);
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  assert.ok(m, 'a binary PPM header');
  const [width, height, off] = [Number(m[1]), Number(m[2]), m[0].length];
  assert.equal(bytes.length - off, width * height * 3, 'PPM pixel data has the size its header states');
  return { width, height, rgb: (i) => bytes.readUIntBE(off + i * 3, 3) };
}

function distinctColours(img: { width: number; height: number; rgb: (i: number) => number }): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.width * img.height && seen.size < 16; i++) seen.add(img.rgb(i));
  return seen.size;
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

describe('qemu:///system: domains with real QEMU', () => {
  let conn: libvirt.Connection;
  const name = uniqueName('vnc');

  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
  });
  after(async () => {
    await purgeDomain(conn, name);
    await conn.close();
  });

  it('defines and starts a TCG domain with VNC, with lifecycle events', async () => {
    const events: number[] = [];
    const cb = await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, (dom, ev) => {
      if (dom.handle && ev) void dom.name().then((n) => n === name && events.push(ev.event));
    });
    const dom = await conn.defineXML(tinyDomainXML(name), libvirt.DomainDefineFlags.VALIDATE);
    assert.equal(await dom.name(), name);
    assert.equal(await dom.isActive(), false);
    await dom.create();
    assert.equal(await dom.isActive(), true);
    const { state } = await dom.state();
    assert.equal(state, libvirt.DomainState.RUNNING);
    const xml = await dom.XMLDesc();
    assert.match(xml, /<graphics type='vnc' port='\d+'/, 'libvirt assigned a VNC port');
    await waitFor('DEFINED and STARTED events', () => events.includes(libvirt.DomainEventType.STARTED));
    // QEMU may report RESUMED before STARTED for one start; DEFINED comes first regardless.
    assert.equal(events[0], libvirt.DomainEventType.DEFINED);
    await conn.domainEventDeregisterAny(cb);
  });

  it('takes a real screenshot: a valid image whose pixels are not all equal', async () => {
    const dom = await conn.lookupByName(name);
    // SeaBIOS draws text within moments of start; until then the screen may be one colour.
    const shot = await waitFor(
      'a screen with content',
      async () => {
        const s = await libvirt.screenshot(dom);
        const img = decodeImage(s.mime, s.bytes);
        return distinctColours(img) > 1 ? { ...s, img } : null;
      },
      30_000,
      250,
    );
    assert.ok(shot.img.width >= 320 && shot.img.height >= 200, `screen is ${shot.img.width}x${shot.img.height}`);
  });

  it('sends keys and reads block, job and vCPU facts from the running domain', async () => {
    const dom = await conn.lookupByName(name);
    assert.equal(await dom.sendKey(libvirt.KeycodeSet.LINUX, 0, [29, 56, 111]), 0); // Ctrl+Alt+Del
    const job = await dom.jobInfo();
    assert.equal(job.type, libvirt.DomainJobType.NONE);
    const pins = await dom.vcpuPinInfo();
    assert.equal(pins.length, 1, 'one vCPU');
    assert.ok(pins[0]!.some(Boolean), 'the vCPU may run somewhere');
    const stats = await conn.domainListGetStats([dom], libvirt.DomainStatsTypes.CPU_TOTAL | libvirt.DomainStatsTypes.STATE);
    assert.equal(stats.length, 1);
    assert.equal(typeof stats[0]!.stats['cpu.time'], 'bigint', '64-bit counters arrive as bigint');
    assert.equal(stats[0]!.stats['state.state'], libvirt.DomainState.RUNNING);
    assert.equal(stats[0]!.uuid, await dom.UUIDString());
    assert.equal(await stats[0]!.domain.name(), name, 'the record materializes its Domain on demand');
    const all = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE, libvirt.ConnectGetAllDomainStatsFlags.ACTIVE);
    assert.ok(
      all.some((r) => r.uuid === stats[0]!.uuid),
      'the running domain is among all active domains',
    );
    await dom.destroy();
    assert.equal(await dom.isActive(), false);
  });

  it('reads SeaBIOS from the serial console (openConsole on a stream)', async () => {
    const dom = await conn.lookupByName(name);
    await dom.create(libvirt.DomainCreateFlags.START_PAUSED);
    const stream = await conn.newStream();
    await dom.openConsole(null, stream, libvirt.DomainConsoleFlags.SAFE);
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    await dom.resume();
    await waitFor('the SeaBIOS banner on the serial console', () => /SeaBIOS \(version/.test(text), 30_000);
    await stream.abort();
    stream.destroy();
    await dom.destroy();
  });
});

describe('qemu:///system: tuning, renaming and the guest agent calls (issue #12)', () => {
  let conn: libvirt.Connection;
  let dir: string;
  const name = uniqueName('tune');
  const renamed = `${name}-renamed`;
  const mac = '52:54:00:7e:12:01';
  const { CONFIG, LIVE } = libvirt.DomainModificationImpact;

  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-tune-'));
    const disk = join(dir, 'disk.raw');
    await writeFile(disk, Buffer.alloc(1024 * 1024));
    // An ethernet NIC: bandwidth applies to it (not to user-mode NICs) and it needs no network.
    const devices = `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk>
    <interface type='ethernet'><mac address='${mac}'/><model type='virtio'/></interface>`;
    await conn.defineXML(tinyDomainXML(name, { graphics: 'none', devices }), libvirt.DomainDefineFlags.VALIDATE);
  });
  after(async () => {
    await purgeDomain(conn, name);
    await purgeDomain(conn, renamed);
    await conn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets disk I/O limits, NIC bandwidth, NUMA, emulator pinning, maximum memory and vCPUs of a shut-off domain, read back', async () => {
    const dom = await conn.lookupByName(name);
    const inactive = () => dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);

    assert.equal(await dom.setBlockIoTune('vda', { total_iops_sec: 150, read_bytes_sec: 1n << 20n }, CONFIG), 0);
    const io = await dom.blockIoTune('vda', CONFIG);
    assert.equal(io['total_iops_sec'], 150n);
    assert.equal(io['read_bytes_sec'], 1n << 20n);
    assert.equal(io['write_iops_sec'], 0n);
    assert.match(await inactive(), /<iotune>\s*<read_bytes_sec>1048576<\/read_bytes_sec>\s*<total_iops_sec>150<\/total_iops_sec>/);
    await assert.rejects(dom.blockIoTune('vdz', CONFIG), libvirt.LibvirtError);

    assert.equal(await dom.setInterfaceParameters(mac, { 'inbound.average': 1000, 'inbound.peak': 2000, 'outbound.average': 500 }, CONFIG), 0);
    const bw = await dom.interfaceParameters(mac, CONFIG);
    assert.equal(bw['inbound.average'], 1000);
    assert.equal(bw['inbound.peak'], 2000);
    assert.equal(bw['outbound.average'], 500);
    assert.match(await inactive(), /<bandwidth>\s*<inbound average='1000' peak='2000'\/>\s*<outbound average='500'\/>/);
    // An average of 0 removes its direction, peak and all (and keeps tc out of the start below:
    // this host's kernel lacks the sfq qdisc libvirt asks for). An empty <bandwidth> stays.
    await dom.setInterfaceParameters(mac, { 'inbound.average': 0, 'outbound.average': 0 }, CONFIG);
    assert.ok(Object.values(await dom.interfaceParameters(mac, CONFIG)).every((v) => v === 0));
    assert.doesNotMatch(await inactive(), /<inbound|<outbound/);

    const numa = { numa_mode: libvirt.DomainNumatuneMemMode.INTERLEAVE, numa_nodeset: '0' };
    assert.equal(await dom.setNumaParameters(numa, CONFIG), 0);
    assert.deepEqual(await dom.numaParameters(CONFIG), numa);
    assert.match(await inactive(), /<numatune>\s*<memory mode='interleave' nodeset='0'\/>/);

    const host = await conn.getCPUMap();
    const firstOnly = host.cpus.map((_, i) => i === 0);
    assert.equal(await dom.pinEmulator(firstOnly, CONFIG), 0);
    assert.deepEqual(await dom.emulatorPinInfo(CONFIG), firstOnly);
    assert.match(await inactive(), /<emulatorpin cpuset='0'\/>/);

    // virDomainSetMaxMemory is setMemoryFlags with MAXIMUM.
    await dom.setMemoryFlags(96 * 1024, libvirt.DomainMemoryModFlags.MAXIMUM | libvirt.DomainMemoryModFlags.CONFIG);
    assert.match(await inactive(), /<memory unit='KiB'>98304<\/memory>/);
    assert.equal((await dom.info()).maxMem, 96 * 1024);

    const V = libvirt.DomainVcpuFlags;
    await dom.setVcpusFlags(2, V.MAXIMUM | V.CONFIG);
    assert.equal(await dom.vcpusFlags(V.MAXIMUM | V.CONFIG), 2);
    assert.equal(await dom.vcpusFlags(V.CONFIG), 1, 'the current count stays');
  });

  it('renames the shut-off domain: found by the new name only, same UUID', async () => {
    const dom = await conn.lookupByName(name);
    const uuid = await dom.UUIDString();
    assert.equal(await dom.rename(renamed), 0);
    assert.equal(await dom.name(), renamed);
    assert.equal(await (await conn.lookupByName(renamed)).UUIDString(), uuid);
    await assert.rejects(conn.lookupByName(name), (e: libvirt.LibvirtError) => e.code === libvirt.ErrorNumber.NO_DOMAIN);
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), new RegExp(`<name>${renamed}</name>`));
  });

  it('running: changes I/O limits and pinning live, refuses a rename, and says the guest agent is not configured', async () => {
    const dom = await conn.lookupByName(renamed);
    await dom.create();
    try {
      assert.equal((await dom.blockIoTune('vda', LIVE))['total_iops_sec'], 150n, 'QEMU started with the config’s limits');
      await dom.setBlockIoTune('vda', { total_iops_sec: 300 }, LIVE);
      assert.equal((await dom.blockIoTune('vda', LIVE))['total_iops_sec'], 300n);
      assert.equal((await dom.blockIoTune('vda', CONFIG))['total_iops_sec'], 150n, 'a live change leaves the config');
      // libvirt refuses a live maximum below its base limit (in the config it lets one through).
      await assert.rejects(dom.setBlockIoTune('vda', { total_iops_sec_max: 10 }, LIVE), (e: unknown) => {
        assert.ok(e instanceof libvirt.LibvirtError);
        assert.equal(e.code, libvirt.ErrorNumber.CONFIG_UNSUPPORTED);
        assert.equal(e.call, 'virDomainSetBlockIoTune');
        assert.match(e.message, /'total_iops_sec_max' cannot be smaller than 'total_iops_sec'/);
        return true;
      });
      assert.equal((await dom.blockIoTune('vda', LIVE))['total_iops_sec_max'], 0n, 'nothing changed');

      const host = await conn.getCPUMap();
      const lastOnly = host.cpus.map((_, i) => i === host.cpus.length - 1);
      await dom.pinEmulator(lastOnly, LIVE);
      assert.deepEqual(await dom.emulatorPinInfo(LIVE), lastOnly);
      assert.deepEqual(await dom.numaParameters(LIVE), { numa_mode: libvirt.DomainNumatuneMemMode.INTERLEAVE, numa_nodeset: '0' });
      assert.equal(await dom.vcpusFlags(libvirt.DomainVcpuFlags.LIVE), 1);
      assert.equal(await dom.vcpusFlags(libvirt.DomainVcpuFlags.LIVE | libvirt.DomainVcpuFlags.MAXIMUM), 2);

      await assert.rejects(dom.rename(name), (e: unknown) => {
        assert.ok(e instanceof libvirt.LibvirtError);
        assert.equal(e.code, libvirt.ErrorNumber.OPERATION_INVALID);
        assert.equal(e.call, 'virDomainRename');
        assert.match(e.message, /active/);
        return true;
      });
      assert.equal(await dom.name(), renamed);

      // No guest agent channel: each agent call fails at once with libvirt's reason.
      const noAgent = (call: string) => (e: unknown) => {
        assert.ok(e instanceof libvirt.LibvirtError, String(e));
        assert.equal(e.code, libvirt.ErrorNumber.ARGUMENT_UNSUPPORTED);
        assert.equal(e.call, call);
        assert.match(e.message, /guest agent is not configured/);
        return true;
      };
      await assert.rejects(dom.guestInfo(libvirt.DomainGuestInfoTypes.OS | libvirt.DomainGuestInfoTypes.HOSTNAME), noAgent('virDomainGetGuestInfo'));
      await assert.rejects(dom.hostname(libvirt.DomainGetHostnameFlags.AGENT), noAgent('virDomainGetHostname'));
      await assert.rejects(dom.interfaceAddresses(libvirt.DomainInterfaceAddressesSource.AGENT), noAgent('virDomainInterfaceAddresses'));
    } finally {
      await dom.destroy().catch(() => 0);
    }
  });

  it('names the host’s CPU models and looks node devices up by name', async () => {
    const models = await conn.getCPUModelNames('x86_64');
    assert.ok(models.includes('qemu64'), models.join());
    const computer = await conn.nodeDeviceLookupByName('computer');
    assert.deepEqual(await computer.listCaps(), ['system']);
    const pci = await conn.listAllNodeDevices(libvirt.ConnectListAllNodeDeviceFlags.CAP_PCI_DEV);
    for (const dev of pci.slice(0, 3)) {
      const byName = await conn.nodeDeviceLookupByName(await dev.name());
      assert.match(await byName.XMLDesc(), /<capability type='pci'>/);
    }
    await assert.rejects(conn.nodeDeviceLookupByName('pci_0000_ff_ff_7'), (e: libvirt.LibvirtError) => e.code === libvirt.ErrorNumber.NO_NODE_DEVICE);
  });
});

describe('qemu:///system: streams and closing connections', () => {
  it('a console stream being read fails with a clear error when its connection closes', async () => {
    const conn = await openOrExplain(SYSTEM_URI);
    const name = uniqueName('close');
    // Transient: gone as soon as it is destroyed.
    const dom = await conn.createXML(tinyDomainXML(name, { graphics: 'none' }));
    const stream = await conn.newStream();
    await dom.openConsole(null, stream);
    const outcome = new Promise<string>((resolve) => {
      stream.on('error', (e: Error) => resolve(e.message));
      stream.on('end', () => resolve('end'));
    });
    stream.resume();
    await conn.close();
    assert.match(await outcome, /connection was closed/);
    const other = await openOrExplain(SYSTEM_URI);
    await (await other.lookupByName(name)).destroy();
    await other.close();
  });
});

describe('qemu:///system: storage transfers through streams', () => {
  let conn: libvirt.Connection;
  let dir: string;
  let pool: libvirt.StoragePool;
  const poolName = uniqueName('pool');

  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-pool-'));
    pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${poolName}</name><target><path>${dir}</path></target></pool>`);
    await pool.build();
    await pool.create();
  });
  after(async () => {
    for (const v of await pool.listAllVolumes().catch(() => [])) await v.delete().catch(() => 0);
    await pool.destroy().catch(() => 0);
    await pool.undefine().catch(() => 0);
    await conn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads 50 MiB of random bytes into a volume and downloads them back unchanged', async () => {
    const size = 50 * 1024 * 1024;
    const src = join(dir, '..', `${poolName}-src.bin`);
    const back = join(dir, '..', `${poolName}-back.bin`);
    await writeFile(src, randomBytes(size));
    try {
      const vol = await pool.createXML(`<volume><name>upload.raw</name><capacity unit='bytes'>${size}</capacity><target><format type='raw'/></target></volume>`);
      const seen: number[] = [];
      const sent = await libvirt.uploadFile(vol, src, { onProgress: (done) => seen.push(done) });
      assert.equal(sent, size);
      assert.equal(seen.at(-1), size, 'progress reached the total');
      assert.ok(seen.length > 10, 'progress came in steps');
      const got = await libvirt.downloadFile(vol, back);
      assert.equal(got, size);
      assert.equal((await stat(back)).size, size);
      assert.equal(await sha256File(back), await sha256File(src), 'downloaded bytes equal uploaded bytes');
    } finally {
      await rm(src, { force: true });
      await rm(back, { force: true });
    }
  });

  it('reports an upload into a missing volume as a LibvirtError, not a crash', async () => {
    const vol = await pool.createXML(`<volume><name>gone.raw</name><capacity unit='bytes'>4096</capacity></volume>`);
    await vol.delete();
    const stream = await conn.newStream();
    await assert.rejects(vol.upload(stream, 0, 4096), libvirt.LibvirtError);
    await stream.abort().catch(() => 0);
  });
});

describe('qemu:///system: an isolated network', () => {
  let conn: libvirt.Connection;
  const netName = uniqueName('net').slice(0, 40);
  const bridge = `vdt${process.pid % 100000}`;

  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
  });
  after(async () => {
    const net = await conn.networkLookupByName(netName).catch(() => null);
    if (net) {
      await net.destroy().catch(() => 0);
      await net.undefine().catch(() => 0);
    }
    await conn.close();
  });

  it('defines, starts, stops and undefines it, with events', async () => {
    const events: number[] = [];
    const cb = await conn.networkEventRegisterAny(null, libvirt.NetworkEventID.LIFECYCLE, (_net, ev) => events.push(ev.event));
    // No <forward>: isolated. No <ip>: nothing on the bridge but the bridge itself.
    const net = await conn.networkDefineXML(`<network><name>${netName}</name><bridge name='${bridge}'/></network>`);
    assert.equal(await net.isActive(), false);
    await net.create();
    assert.equal(await net.isActive(), true);
    assert.equal(await net.bridgeName(), bridge);
    assert.match(await net.XMLDesc(), new RegExp(`<name>${netName}</name>`));
    await net.destroy();
    assert.equal(await net.isActive(), false);
    await net.undefine();
    await assert.rejects(conn.networkLookupByName(netName), (e: libvirt.LibvirtError) => e.code === libvirt.ErrorNumber.NO_NETWORK);
    await waitFor('four network lifecycle events', () => events.length >= 4);
    assert.deepEqual(events, [
      libvirt.NetworkEventLifecycleType.DEFINED,
      libvirt.NetworkEventLifecycleType.STARTED,
      libvirt.NetworkEventLifecycleType.STOPPED,
      libvirt.NetworkEventLifecycleType.UNDEFINED,
    ]);
    await conn.networkEventDeregisterAny(cb);
  });
});
