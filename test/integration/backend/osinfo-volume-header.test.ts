// OS detection of an ISO that lives in a storage pool, read through libvirt's volume download
// (offset and length, so only the descriptor's sector crosses the wire): on qemu:///system
// and on the same host over qemu+ssh, as the wizard does for a remote host's ISO.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { loadOsDb, readIsoVolumeHeader, volumeReader } from '../../../electron/node/osinfo/index.js';
import { openOrExplain, SSH_URI, SYSTEM_URI, uniqueName } from '../native/support.js';

let dir: string;
let local: libvirt.Connection;
let pool: libvirt.StoragePool;
const poolName = uniqueName('osinfo-pool');

/** Creates a volume in the pool and uploads the file's bytes into it. */
async function volumeFrom(name: string, file: string, size: number): Promise<libvirt.StorageVolume> {
  const vol = await pool.createXML(`<volume><name>${name}</name><capacity unit='bytes'>${size}</capacity><target><format type='raw'/></target></volume>`);
  await libvirt.uploadFile(vol, file);
  return vol;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'virtdeck-osinfo-pool-'));
  local = await openOrExplain(SYSTEM_URI);
  pool = await local.storagePoolDefineXML(`<pool type='dir'><name>${poolName}</name><target><path>${dir}/pool</path></target></pool>`);
  await pool.build();
  await pool.create();

  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'README.TXT'), 'debian\n');
  const iso = join(dir, 'debian.iso');
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', 'Debian 11.6.0 amd64 n', '-sysid', 'LINUX', '-o', iso, src], { stdio: 'ignore' });
  const isoSize = Number(execFileSync('stat', ['-c', '%s', iso]).toString());
  await volumeFrom('debian-netinst.iso', iso, isoSize);

  const small = join(dir, 'small.bin');
  writeFileSync(small, Buffer.alloc(4096, 7));
  await volumeFrom('small.bin', small, 4096);

  const noise = join(dir, 'noise.img');
  writeFileSync(noise, Buffer.alloc(128 * 1024, 0x43));
  await volumeFrom('noise.img', noise, 128 * 1024);
  await pool.refresh();
});

after(async () => {
  for (const v of await pool.listAllVolumes().catch(() => [])) await v.delete().catch(() => 0);
  await pool.destroy().catch(() => 0);
  await pool.undefine().catch(() => 0);
  await local.close();
  await rm(dir, { recursive: true, force: true });
});

for (const [label, uri] of [
  ['qemu:///system', SYSTEM_URI],
  ['qemu+ssh', SSH_URI],
] as const) {
  describe(`ISO detection through volume download (${label})`, () => {
    let conn: libvirt.Connection;
    let remotePool: libvirt.StoragePool;
    before(async () => {
      conn = uri === SYSTEM_URI ? local : await openOrExplain(uri);
      remotePool = await conn.storagePoolLookupByName(poolName);
    });
    after(async () => {
      if (conn !== local) await conn.close();
    });

    it('detects Debian 11 from the volume descriptor alone', async () => {
      const vol = await remotePool.storageVolLookupByName('debian-netinst.iso');
      const pvd = await readIsoVolumeHeader(vol);
      assert.equal(pvd?.volumeId, 'Debian 11.6.0 amd64 n');
      assert.equal(pvd.systemId, 'LINUX');
      const db = await loadOsDb();
      const media = db.detectIsoMedia(pvd);
      assert.equal(media?.os.shortId, 'debian11');
      assert.equal(media.kernel, 'install.amd/vmlinuz');
    });

    it('downloads only the bytes asked for', async () => {
      const vol = await remotePool.storageVolLookupByName('debian-netinst.iso');
      const sector = await volumeReader(vol)(16 * 2048, 2048);
      assert.equal(sector.length, 2048);
      assert.equal(sector.toString('latin1', 1, 6), 'CD001');
    });

    it('says null, without a throw, for volumes that are no ISO', async () => {
      assert.equal(await readIsoVolumeHeader(await remotePool.storageVolLookupByName('small.bin')), null);
      assert.equal(await readIsoVolumeHeader(await remotePool.storageVolLookupByName('noise.img')), null);
    });
  });
}
