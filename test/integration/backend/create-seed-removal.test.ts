// A cloud image's seed is only for the first boot: the final config has no seed CD-ROM, and the
// seed volume is deleted once the VM first stops — when the guest powers itself off while the
// backend watches, and when it stopped while the backend was not running (at the next connect).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { VmCreateSpec } from '../../../electron/common/api/vm-create.js';
import { SYSTEM_URI, uniqueName, waitFor, xmlEscape } from '../native/support.js';
import { tinyGuest, type TinyGuest } from '../../support/tiny-guest.js';
import { harness, type Harness } from './support.js';
import { purgeCreated } from '../../support/create-fixtures.js';

describe('cloud-init seed removal after the first boot (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let guest: TinyGuest;
  let configRoot: string;
  let base: libvirt.StorageVolume;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    guest = await tinyGuest();
    configRoot = await mkdtemp(join(tmpdir(), 'virtdeck-seed-'));
    const pool = await conn.storagePoolLookupByName('default');
    const baseName = `${uniqueName('seed-base')}.qcow2`;
    base = await pool.createXML(`<volume><name>${baseName}</name><capacity unit='MiB'>32</capacity><target><format type='qcow2'/></target></volume>`);
  });
  after(async () => {
    await purgeCreated(conn, names);
    await base?.delete().catch(() => undefined);
    await rm(configRoot, { recursive: true, force: true });
    await conn?.close();
  });

  async function backend(): Promise<{ h: Harness; connection: string }> {
    const h = await harness({ configDir: join(configRoot, 'config') });
    const known = await h.client.api.connections.list({});
    const connection = known[0]?.id ?? (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } })).id;
    await h.client.api.connections.open({ id: connection });
    return { h, connection };
  }

  const spec = async (connection: string, name: string): Promise<VmCreateSpec> => ({
    connection,
    name,
    source: { kind: 'cloud', baseImage: await base.path(), cloudInit: { user: 'alice', password: 'secret' } },
    os: 'linux2022',
    memoryMiB: 256,
    vcpus: 1,
    storage: { kind: 'new', pool: 'default', sizeGiB: 0.01, format: 'qcow2' },
    network: { kind: 'none' },
    virtType: 'qemu',
  });

  const volumeExists = (path: string) =>
    conn.storageVolLookupByPath(path).then(
      () => true,
      () => false,
    );

  it('the guest powering itself off deletes the seed; the final config never had it', async () => {
    const { h, connection } = await backend();
    try {
      const name = uniqueName('seed-stop');
      names.push(name);
      const s = await spec(connection, name);
      const preview = await h.client.api.vmCreate.preview({ spec: s });
      const seed = preview.cloud!.seedPath;
      assert.match(preview.xml, new RegExp(xmlEscape(seed).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.doesNotMatch(preview.finalXml, /cidata|device='cdrom'/);
      // The tiny guest's kernel boots busybox, which powers the VM off at once: a real guest stopping.
      const xml = preview.xml.replace(
        "<boot dev='hd'/>",
        `<kernel>${xmlEscape(guest.kernel)}</kernel><initrd>${xmlEscape(guest.initrd)}</initrd><cmdline>console=ttyS0 quiet rdinit=/bin/busybox -- poweroff -f</cmdline>`,
      );
      await h.client.api.vmCreate.run({ job: `job-${name}`, spec: s, xml });
      const dom = await conn.lookupByName(name);
      assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE).catch(() => ''), /<name>/);
      assert.doesNotMatch(await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /cidata/, 'the persistent definition has no seed');
      await waitFor('the guest to power off', async () => !(await dom.isActive()), 180_000, 250);
      await waitFor('the seed to be deleted', async () => !(await volumeExists(seed)), 60_000, 250);
      assert.ok(await volumeExists(preview.newVolume!.path), 'the disk stays');
    } finally {
      await h.close();
    }
  });

  it('a VM that stopped while the backend was not running loses its seed at the next connect; a kept seed stays', async () => {
    const first = await backend();
    const name = uniqueName('seed-restart');
    const kept = uniqueName('seed-kept');
    names.push(name, kept);
    let seed: string;
    let keptSeed: string;
    try {
      const s = await spec(first.connection, name);
      seed = (await first.h.client.api.vmCreate.preview({ spec: s })).cloud!.seedPath;
      await first.h.client.api.vmCreate.run({ job: `job-${name}`, spec: s });
      const k = await spec(first.connection, kept);
      if (k.source.kind === 'cloud') k.source.removeSeed = false;
      keptSeed = (await first.h.client.api.vmCreate.preview({ spec: k })).cloud!.seedPath;
      await first.h.client.api.vmCreate.run({ job: `job-${kept}`, spec: k });
      assert.match(await (await conn.lookupByName(kept)).XMLDesc(libvirt.DomainXMLFlags.INACTIVE), /cidata/, 'a kept seed stays attached');
    } finally {
      await first.h.close();
    }
    // Stopped behind the backend's back (virsh destroy, a host shutdown).
    await (await conn.lookupByName(name)).destroy();
    await (await conn.lookupByName(kept)).destroy();
    assert.ok(await volumeExists(seed));
    const second = await backend();
    try {
      await waitFor('the seed to be deleted at the next connect', async () => !(await volumeExists(seed)), 60_000, 250);
      assert.ok(await volumeExists(keptSeed), 'the seed the user kept is still there');
    } finally {
      await second.h.close();
    }
  });
});
