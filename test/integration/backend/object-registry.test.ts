// The object registry resolves refs on test:///default and words every missing object the same way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import { ObjectRegistry } from '../../../electron/node/objects/registry.js';

const GONE = '00000000-0000-4000-8000-00000000dead';
const notFound = (words: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'not-found' && words.test(e.message) && /removed elsewhere/.test(e.hint ?? '');

describe('ObjectRegistry (test:///default)', () => {
  let conn: libvirt.Connection;
  let objects: ObjectRegistry;
  before(async () => {
    conn = await libvirt.open('test:///default');
    objects = new ObjectRegistry({ connection: () => conn });
  });
  after(() => conn?.close());

  it('resolves a domain, network, pool and volume', async () => {
    const dom = (await conn.listAllDomains())[0]!;
    assert.equal(await (await objects.domain({ connection: 'c', uuid: await dom.UUIDString() })).name(), await dom.name());
    const net = (await conn.listAllNetworks())[0]!;
    assert.equal(await (await objects.network({ connection: 'c', uuid: await net.UUIDString() })).name(), await net.name());
    const pool = (await conn.listAllStoragePools())[0]!;
    assert.equal(await (await objects.pool({ connection: 'c', uuid: await pool.UUIDString() })).name(), await pool.name());
    const vol = (await pool.listAllVolumes())[0];
    if (vol) assert.equal(await (await objects.volume({ connection: 'c', pool: await pool.name(), name: await vol.name() })).key(), await vol.key());
  });

  it('says not-found in words for each kind', async () => {
    await assert.rejects(objects.domain({ connection: 'c', uuid: GONE }), notFound(/This VM no longer exists/));
    await assert.rejects(objects.network({ connection: 'c', uuid: GONE }), notFound(/virtual network no longer exists/));
    await assert.rejects(objects.pool({ connection: 'c', uuid: GONE }), notFound(/storage pool no longer exists/));
    await assert.rejects(objects.volume({ connection: 'c', pool: 'no-such-pool', name: 'x' }), notFound(/no storage pool named “no-such-pool”/));
    const pool = await (await conn.listAllStoragePools())[0]!.name();
    await assert.rejects(objects.volume({ connection: 'c', pool, name: 'no-such-vol' }), notFound(/has no volume named “no-such-vol”/));
  });
});
