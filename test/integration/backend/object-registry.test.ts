// The object registry resolves refs, names and paths on test:///default and on the real
// libvirtd (qemu:///system), and words every missing object the same way: not-found, in words
// per kind, with the same hint. A connection that is not open is not-connected, never not-found.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import { msg } from '../../../electron/common/messages/messages.js';
import { HostObjects, ifFound, isNotFound, ObjectRegistry } from '../../../electron/node/objects/registry.js';
import { toApiError } from '../../../electron/node/rpc/api-errors.js';
import { openOrExplain, purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';

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
    const host = objects.on('c');
    await assert.rejects(host.domainByName('no-such-vm'), notFound(/no VM named “no-such-vm”/));
    await assert.rejects(host.volumeByPath('/no/such/file.img'), (e) => e instanceof ApiError && e.code === 'not-found' && /“\/no\/such\/file\.img”/.test(e.message));
  });

  it('turns not-found, and only not-found, into null for lookups that may miss', async () => {
    const host = new HostObjects(conn);
    assert.equal(await ifFound(host.domain(GONE)), null);
    const dom = (await conn.listAllDomains())[0]!;
    assert.equal(await (await ifFound(host.domainByName(await dom.name())))?.UUIDString(), await dom.UUIDString());
    // A failure that is not "no such object" still throws: it must not pass for "already gone".
    await assert.rejects(ifFound(host.domain('not-a-uuid')), (e) => e instanceof libvirt.LibvirtError && !isNotFound(e));
  });

  it('rejects a ref of a connection that is not open with not-connected', async () => {
    const closed = new ObjectRegistry({
      connection: () => {
        throw new ApiError('not-connected', msg('connection.notConnected', { name: 'x' }));
      },
    });
    await assert.rejects(closed.domain({ connection: 'c', uuid: GONE }), (e) => e instanceof ApiError && e.code === 'not-connected' && !isNotFound(e));
  });
});

describe('ObjectRegistry (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let objects: ObjectRegistry;
  let dir: string;
  const vm = uniqueName('plumbing-vm');
  const pool = uniqueName('plumbing-pool');
  const net = uniqueName('plumbing-net');
  const bridge = `vdplumb${Math.random().toString(36).slice(2, 7)}`;

  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
    objects = new ObjectRegistry({ connection: () => conn });
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-plumbing-pool-'));
  });
  after(async () => {
    // Whatever a failed test left behind: only our own names.
    await purgeDomain(conn, vm).catch(() => undefined);
    const p = await conn.storagePoolLookupByName(pool).catch(() => null);
    if (p) {
      for (const v of await p.listAllVolumes().catch(() => [])) await v.delete().catch(() => undefined);
      await p.destroy().catch(() => undefined);
      await p.undefine().catch(() => undefined);
    }
    const n = await conn.networkLookupByName(net).catch(() => null);
    await n?.undefine().catch(() => undefined);
    await conn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves what it made by ref, name and path, then says not-found for each once it is gone', async () => {
    const dom = await conn.defineXML(tinyDomainXML(vm, { graphics: 'none' }));
    const domRef = { connection: 'sys', uuid: await dom.UUIDString() };
    const p = await conn.storagePoolDefineXML(`<pool type='dir'><name>${pool}</name><target><path>${dir}</path></target></pool>`);
    await p.create();
    const vol = await p.createXML(`<volume><name>disk.qcow2</name><capacity unit='MiB'>1</capacity><target><format type='qcow2'/></target></volume>`);
    const volPath = await vol.path();
    const n = await conn.networkDefineXML(`<network><name>${net}</name><bridge name='${bridge}'/></network>`);
    const poolRef = { connection: 'sys', uuid: await p.UUIDString() };
    const netRef = { connection: 'sys', uuid: await n.UUIDString() };

    assert.equal(await (await objects.domain(domRef)).name(), vm);
    assert.equal(await (await objects.on('sys').domainByName(vm)).UUIDString(), domRef.uuid);
    assert.equal(await (await objects.pool(poolRef)).name(), pool);
    assert.equal(await (await objects.poolByName('sys', pool)).UUIDString(), poolRef.uuid);
    assert.equal(await (await objects.network(netRef)).name(), net);
    assert.equal(await (await objects.volume({ connection: 'sys', pool, name: 'disk.qcow2' })).path(), volPath);
    assert.equal(await (await objects.on('sys').volumeByPath(volPath)).name(), 'disk.qcow2');

    await dom.undefineFlags(0);
    await vol.delete();
    await n.undefine();
    // The registry keeps the handle it gave out: its next use says the VM is gone (as the
    // contract words it), and a registry that never saw it says so at the lookup.
    await assert.rejects(
      objects.domain(domRef).then((d) => d.XMLDesc()),
      (e: unknown) => isNotFound(e),
    );
    assert.equal(
      toApiError(
        await objects
          .domain(domRef)
          .then((d) => d.XMLDesc())
          .catch((e: unknown) => e),
      ).code,
      'not-found',
    );
    await assert.rejects(new ObjectRegistry({ connection: () => conn }).domain(domRef), notFound(/This VM no longer exists/));
    await assert.rejects(objects.on('sys').domainByName(vm), notFound(/no VM named/));
    await assert.rejects(objects.volume({ connection: 'sys', pool, name: 'disk.qcow2' }), notFound(/has no volume named “disk\.qcow2”/));
    await assert.rejects(objects.on('sys').volumeByPath(volPath), (e) => e instanceof ApiError && e.code === 'not-found');
    await assert.rejects(objects.network(netRef), notFound(/virtual network no longer exists/));
    await p.destroy();
    await p.undefine();
    await assert.rejects(objects.pool(poolRef), notFound(/storage pool no longer exists/));
    await assert.rejects(objects.poolByName('sys', pool), notFound(/no storage pool named/));
  });
});
