// The VM details editors' changes on a running tiny Linux guest (real QEMU, TCG, qemu:///system),
// each checked where it lands: in the guest (a hot-added disk in /sys/block, a NIC's carrier,
// the ballooned MemTotal, a CD-ROM's new media size, a resized disk) and in libvirt's getters;
// parts the running VM cannot take wait for the next boot (and the VM says so); a part the
// running VM refuses changes nothing, neither live nor in the definition.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { DomainChange } from '../../../electron/common/api/domain-edits.js';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { guestShell, type GuestShell } from '../../support/guest-shell.js';
import { tinyGuest, tinyGuestDomainXML } from '../../support/tiny-guest.js';
import { purgeDomain, SYSTEM_URI, uniqueName, xmlEscape } from '../native/support.js';
import { harness, openConnection, waitFor, type Harness } from './support.js';

const INACTIVE = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;
const MiB = 1024 * 1024;

describe('editing a running VM (real QEMU, tiny guest)', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let dom: libvirt.Domain;
  let ref: DomainRef;
  let dir: string;
  let shell: GuestShell;
  const name = uniqueName('edit-live');

  before(async () => {
    // QEMU runs as its own user: the files must be reachable for it.
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-edit-live-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'cd-small.iso'), Buffer.alloc(2 * MiB));
    await writeFile(join(dir, 'cd-large.iso'), Buffer.alloc(6 * MiB));
    await writeFile(join(dir, 'extra.img'), Buffer.alloc(4 * MiB));
    const guest = await tinyGuest();
    conn = await libvirt.open(SYSTEM_URI);
    const extra = `<controller type='scsi' model='virtio-scsi'/>
    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${xmlEscape(join(dir, 'cd-small.iso'))}'/><target dev='sda' bus='scsi'/><readonly/></disk>
    <interface type='user'><mac address='52:54:00:5e:00:01'/><model type='virtio'/></interface>`;
    const xml = tinyGuestDomainXML(name, guest, { graphics: 'none', acpi: true, extraDevices: extra }).replace('<vcpu>1</vcpu>', "<vcpu current='1'>2</vcpu>");
    dom = await conn.defineXML(xml);
    await dom.create();
    h = await harness();
    const id = await openConnection(h, SYSTEM_URI);
    ref = { connection: id, uuid: await dom.UUIDString() };
    shell = await guestShell(dom, conn);
    await shell.run('ip link set eth0 up');
  });
  after(async () => {
    shell?.close();
    await h?.close();
    await purgeDomain(conn, name);
    await conn?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function apply(changes: DomainChange[], definitionOnly?: boolean) {
    const hw = await h.client.api.domains.hardware({ ref });
    return h.client.api.domains.applyEdit({ ref, etag: hw.etag, changes, ...(definitionOnly ? { definitionOnly } : {}) });
  }
  const device = async (kind: string, pick: (xml: string) => boolean) => {
    const hw = await h.client.api.domains.hardware({ ref });
    const d = hw.devices.find((x) => x.kind === kind && pick(x.xml));
    assert.ok(d, `a ${kind}`);
    return d.id;
  };
  const memTotalKiB = async () => Number(/MemTotal:\s+(\d+)/.exec(await shell.run('cat /proc/meminfo'))?.[1]);

  it('a freshly started VM has nothing pending a restart', async () => {
    const hw = await h.client.api.domains.hardware({ ref });
    assert.equal(hw.pendingRestart, false);
    assert.ok(hw.liveXml?.includes("<domain type='qemu' id="));
    assert.ok(hw.devices.every((d) => d.live === true));
  });

  it('refuses to rename the running VM, with the reason', async () => {
    await assert.rejects(
      h.client.api.domains.rename({ ref, name: `${name}-x` }),
      (e: unknown) => e instanceof ApiError && e.code === 'invalid-input' && /running VM cannot be renamed/.test(e.message),
    );
    assert.equal((await h.client.api.domains.hardware({ ref })).agent, 'none');
  });

  it('hot-adds a virtio disk that the guest sees, and removes it again', async () => {
    const r = await apply([
      {
        kind: 'addDevice',
        device: 'disk',
        attributes: { type: 'file', device: 'disk' },
        set: { driverName: 'qemu', driverType: 'raw', sourceFile: join(dir, 'extra.img'), targetBus: 'virtio' },
      },
    ]);
    assert.deepEqual(
      r.outcomes.map((o) => o.effect),
      ['now'],
    );
    await waitFor('the guest sees vda', async () => (await shell.run('ls /sys/block')).split(/\s+/).includes('vda'), 120_000, 500);
    assert.equal(Number(await shell.run('cat /sys/block/vda/size')) * 512, 4 * MiB);
    assert.ok((await dom.XMLDesc(INACTIVE)).includes("<target dev='vda' bus='virtio'/>"), 'and the definition has it');

    const grown = await h.client.api.domains.resizeDisk({ ref, id: await device('disk', (x) => x.includes("dev='vda'")), bytes: 8 * MiB });
    assert.equal(grown.effect, 'now');
    await waitFor('the guest sees vda grow', async () => Number(await shell.run('cat /sys/block/vda/size')) * 512 === 8 * MiB, 60_000, 500);
    await assert.rejects(
      h.client.api.domains.resizeDisk({ ref, id: await device('disk', (x) => x.includes("dev='vda'")), bytes: 2 * MiB }),
      (e: unknown) => e instanceof ApiError && e.code === 'invalid-input' && /cannot shrink/.test(e.message),
    );

    const removed = await apply([{ kind: 'removeDevice', id: await device('disk', (x) => x.includes("dev='vda'")) }]);
    assert.deepEqual(
      removed.outcomes.map((o) => o.effect),
      ['now'],
    );
    await waitFor('the guest lets vda go', async () => !(await shell.run('ls /sys/block')).split(/\s+/).includes('vda'), 120_000, 500);
    assert.ok(!(await dom.XMLDesc(INACTIVE)).includes("dev='vda'"));
  });

  it('sets the NIC’s link down and up, as the guest sees its carrier', async () => {
    const nic = await device('interface', (x) => x.includes('52:54:00:5e:00:01'));
    await apply([{ kind: 'device', id: nic, set: { linkState: 'down' } }]);
    await waitFor('carrier 0', async () => (await shell.run('cat /sys/class/net/eth0/carrier')) === '0', 60_000, 300);
    await apply([{ kind: 'device', id: nic, set: { linkState: 'up' } }]);
    await waitFor('carrier 1', async () => (await shell.run('cat /sys/class/net/eth0/carrier')) === '1', 60_000, 300);
  });

  it('balloons memory down and back; the maximum waits for the next boot', async () => {
    const before = await memTotalKiB();
    const r = await apply([{ kind: 'memory', currentKiB: 160 * 1024, maxKiB: 256 * 1024 }]);
    assert.deepEqual(
      r.outcomes.map((o) => [o.part, o.effect]),
      [
        ['current', 'now'],
        ['max', 'next-boot'],
      ],
    );
    await waitFor('the guest gives 32 MiB back', async () => before - (await memTotalKiB()) >= 30 * 1024, 60_000, 500);
    const hw = await h.client.api.domains.hardware({ ref });
    assert.equal(hw.pendingRestart, true, 'the new maximum waits for a restart');
    assert.deepEqual(hw.pending, ['memory']);
    const row = async () => (await h.client.api.domains.extras({ connection: ref.connection, uuids: [ref.uuid], addresses: false }))[0];
    assert.equal((await row())?.pendingRestart, true, 'the VM list says so too');
    await apply([{ kind: 'memory', currentKiB: 192 * 1024, maxKiB: 192 * 1024 }]);
    await waitFor('the guest has its memory back', async () => Math.abs((await memTotalKiB()) - before) < 2048, 60_000, 500);
    assert.equal((await h.client.api.domains.hardware({ ref })).pendingRestart, false, 'back as it runs: nothing pending');
    assert.equal((await row())?.pendingRestart, undefined);
  });

  it('brings a second vCPU online', async () => {
    const r = await apply([{ kind: 'vcpus', current: 2, max: 2 }]);
    assert.deepEqual(
      r.outcomes.map((o) => o.effect),
      ['now'],
    );
    assert.equal((await dom.info()).nrVirtCpu, 2);
  });

  it('changes the CD-ROM’s media; the guest sees the new size', async () => {
    const cd = await device('disk', (x) => x.includes("device='cdrom'"));
    const size = () => shell.run('dd if=/dev/sr0 of=/dev/null bs=2048 count=1 2>/dev/null; cat /sys/block/sr0/size');
    await waitFor('the small disc', async () => Number(await size()) * 512 === 2 * MiB, 60_000, 500);
    const r = await apply([{ kind: 'device', id: cd, set: { sourceFile: join(dir, 'cd-large.iso') } }]);
    assert.deepEqual(
      r.outcomes.map((o) => o.effect),
      ['now'],
    );
    await waitFor('the large disc', async () => Number(await size()) * 512 === 6 * MiB, 60_000, 500);
  });

  it('a part the running VM refuses changes nothing, live or defined; definitionOnly applies it at the next boot', async () => {
    const { xml: definition } = await h.client.api.domains.xml({ ref });
    const liveMemory = (await dom.info()).memory;
    const changes: DomainChange[] = [
      { kind: 'memory', currentKiB: 150 * 1024, maxKiB: 192 * 1024 },
      {
        kind: 'addDevice',
        device: 'disk',
        attributes: { type: 'file', device: 'disk' },
        set: { driverName: 'qemu', driverType: 'raw', sourceFile: join(dir, 'no-such-file.img'), targetBus: 'virtio' },
      },
    ];
    await assert.rejects(apply(changes), (e: unknown) => e instanceof ApiError && e.code === 'operation-failed' && /running VM refused the change: .*no-such-file/.test(e.message));
    assert.equal((await h.client.api.domains.xml({ ref })).xml, definition, 'definition unchanged');
    // Undone: the balloon's target is back where it was (150 MiB had it been kept); the balloon
    // itself settles within a page or so of its target.
    await waitFor('the balloon step undone', async () => Math.abs(Number((await dom.info()).memory) - Number(liveMemory)) <= 2048, 30_000, 250);

    const r = await apply([{ kind: 'domain', set: { onCrash: 'preserve' } }], true);
    assert.deepEqual(
      r.outcomes.map((o) => [o.part, o.effect, o.reason?.messageId]),
      [['onCrash', 'next-boot', 'edit.why.asked']],
    );
  });
});
