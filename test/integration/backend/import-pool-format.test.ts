// Importing a disk whose pool reports a storage format that QEMU names otherwise: a volume the
// pool calls "iso" (libvirt probes ISO 9660 images as iso) becomes <driver type='raw'>, which
// QEMU accepts; type='iso' (written before) made the VM fail to start.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import { SYSTEM_URI, uniqueName, xmlEscape } from '../native/support.js';
import { harness, type Harness } from './support.js';
import { tinyIso } from '../../support/tiny-iso.js';
import { purgeCreated } from '../../support/create-fixtures.js';

describe('import a disk the pool reports as iso (qemu:///system)', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let connection: string;
  let dir: string;
  let pool: libvirt.StoragePool | undefined;
  const poolName = uniqueName('isofmt');
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    dir = await mkdtemp('/var/tmp/virtdeck-isofmt-');
    // The file's name does not say iso: the pool finds the format from the bytes.
    await copyFile(await tinyIso(), join(dir, 'appliance.img'));
    // A directory in a dir pool is a volume too, of format dir: no disk image at all.
    await mkdir(join(dir, 'not-an-image'));
    pool = await conn.storagePoolDefineXML(`<pool type='dir'><name>${xmlEscape(poolName)}</name><target><path>${xmlEscape(dir)}</path></target></pool>`);
    await pool.create();
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await h.client.api.connections.open({ id: connection });
  });
  after(async () => {
    await purgeCreated(conn, names);
    await pool?.destroy().catch(() => 0);
    await pool?.undefine().catch(() => 0);
    await rm(dir, { recursive: true, force: true });
    await h?.close();
    await conn?.close();
  });

  it('writes driver type raw, and the VM starts', async () => {
    const path = join(dir, 'appliance.img');
    const vol = await conn.storageVolLookupByPath(path);
    assert.match(await vol.XMLDesc(), /<format type='iso'\/>/, 'the pool reports the volume as iso');
    const name = uniqueName('import-iso');
    names.push(name);
    const spec = {
      connection,
      name,
      source: { kind: 'import', path },
      os: 'linux2022',
      memoryMiB: 128,
      vcpus: 1,
      storage: { kind: 'none' },
      network: { kind: 'none' },
      virtType: 'qemu',
    } as const;
    const preview = await h.client.api.vmCreate.preview({ spec });
    assert.match(preview.xml, /<driver name='qemu' type='raw'/);
    await h.client.api.vmCreate.run({ job: `job-${name}`, spec });
    const dom = await conn.lookupByName(name);
    assert.equal(await dom.isActive(), true, 'QEMU opened the disk');
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), new RegExp(`<driver name='qemu' type='raw'[^>]*/>\\s*<source file='${path}'`));
  });

  it('refuses, in words, a volume the pool reports in a format QEMU cannot attach (dir)', async () => {
    const path = join(dir, 'not-an-image');
    const vol = await conn.storageVolLookupByPath(path);
    assert.match(await vol.XMLDesc(), /<format type='dir'\/>/, 'the pool reports the directory as a dir volume');
    const spec = {
      connection,
      name: uniqueName('import-dir'),
      source: { kind: 'import', path },
      os: 'linux2022',
      memoryMiB: 128,
      vcpus: 1,
      storage: { kind: 'none' },
      network: { kind: 'none' },
      virtType: 'qemu',
    } as const;
    const preview = await h.client.api.vmCreate.preview({ spec }).catch((e: unknown) => e);
    assert.ok(
      preview instanceof ApiError && preview.code === 'invalid-input' && /QEMU cannot attach/.test(preview.message),
      `a definition (or another error) for a directory: ${JSON.stringify(preview).slice(0, 300)}`,
    );
  });
});
