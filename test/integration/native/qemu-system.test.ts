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
