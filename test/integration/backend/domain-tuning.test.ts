// Resource controls through libvirt's getters and setters on qemu:///system: on a shut-off VM
// they land in the definition (only in their own elements) and read back; on a running TCG VM
// the CPU and memory controls apply now (read back through the live getters); a stale etag is
// a conflict; a section libvirt refuses rolls back the ones written before it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { diffLines } from 'diff';
import * as libvirt from 'virtdeck/native';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, openConnection, type Harness } from './support.js';

const run = promisify(execFile);
const INACTIVE = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;
const { LIVE, CONFIG } = libvirt.DomainModificationImpact;

/** The top-level elements of the definition whose lines a change touched (by the nearest opening tag above). */
function touchedElements(before: string, after: string): Set<string> {
  const out = new Set<string>();
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) continue;
    for (const m of part.value.matchAll(/<\/?([a-z_]+)/g)) out.add(m[1]!);
  }
  return out;
}

describe('resource controls (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let connection: string;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    connection = await openConnection(h, SYSTEM_URI);
  });
  after(async () => {
    await h?.close();
    for (const n of names) await purgeDomain(conn, n);
    await conn?.close();
  });

  async function define(running: boolean, devices = ''): Promise<{ dom: libvirt.Domain; ref: DomainRef }> {
    const name = uniqueName(running ? 'tune-on' : 'tune-off');
    names.push(name);
    const xml = tinyDomainXML(name, { graphics: 'none' }).replace('<vcpu>1</vcpu>', '<vcpu>2</vcpu>').replace('</devices>', `${devices}</devices>`);
    const dom = await conn.defineXML(xml);
    if (running) await dom.create();
    return { dom, ref: { connection, uuid: await dom.UUIDString() } };
  }

  it('on a shut-off VM: every section lands in the definition, in its own elements, and reads back', async () => {
    const { dom, ref } = await define(
      false,
      "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/var/lib/libvirt/images/vdtest-none.img'/><target dev='vda' bus='virtio'/></disk><interface type='ethernet'><mac address='52:54:00:7e:00:02'/><model type='virtio'/></interface>",
    );
    const read = await h.client.api.domains.tuning({ ref });
    assert.equal(read.running, false);
    assert.ok(read.host.cpus >= 1);
    const beforeXml = await dom.XMLDesc(INACTIVE);
    const pin = Array.from({ length: read.host.cpus }, (_, i) => i === 0);
    const result = await h.client.api.domains.setTuning({
      ref,
      etag: read.etag,
      tuning: {
        cpu: { shares: 512, periodUs: 100_000, quotaUs: 50_000 },
        memory: { hardLimitKiB: 1024 * 1024, softLimitKiB: 512 * 1024 },
        blkioWeight: 300,
        disks: [{ target: 'vda', totalIopsSec: 100, totalBytesSec: 1_000_000 }],
        interfaces: [{ mac: '52:54:00:7e:00:02', inboundAverage: 1000, outboundAverage: 2000 }],
        vcpuPin: [pin, pin],
        emulatorPin: pin,
        numa: { mode: 'strict', nodeset: '0' },
      },
    });
    assert.ok(result.outcomes.every((o) => o.effect === 'definition'));
    assert.deepEqual(result.outcomes.map((o) => o.part).sort(), ['blkioWeight', 'cpu', 'disks', 'emulatorPin', 'interfaces', 'memory', 'numa', 'vcpuPin']);

    const back = await h.client.api.domains.tuning({ ref });
    assert.equal(back.etag, result.etag);
    assert.deepEqual(back.config.cpu, { shares: 512, periodUs: 100_000, quotaUs: 50_000 });
    assert.equal(back.config.memory?.hardLimitKiB, 1024 * 1024);
    assert.equal(back.config.memory?.softLimitKiB, 512 * 1024);
    assert.equal(back.config.blkioWeight, 300);
    assert.equal(back.config.disks?.[0]?.totalIopsSec, 100);
    assert.equal(back.config.interfaces?.[0]?.inboundAverage, 1000);
    assert.deepEqual(back.config.vcpuPin?.[1], pin);
    assert.deepEqual(back.config.numa, { mode: 'strict', nodeset: '0' });
    // libvirt's own getter agrees.
    assert.equal(Number((await dom.schedulerParameters(CONFIG))['cpu_shares']), 512);

    const touched = touchedElements(beforeXml, await dom.XMLDesc(INACTIVE));
    for (const el of touched) {
      assert.ok(
        [
          'cputune',
          'shares',
          'period',
          'quota',
          'vcpupin',
          'emulatorpin',
          'memtune',
          'hard_limit',
          'soft_limit',
          'blkiotune',
          'weight',
          'iotune',
          'total_bytes_sec',
          'total_iops_sec',
          'bandwidth',
          'inbound',
          'outbound',
          'numatune',
          'memory',
        ].includes(el),
        `only tuning elements change (saw <${el}>)`,
      );
    }
  });

  it('on a running VM: CPU and memory controls apply now and persist', async () => {
    const { dom, ref } = await define(true);
    const read = await h.client.api.domains.tuning({ ref });
    assert.equal(read.running, true);
    assert.ok(read.live?.cpu?.shares, 'the live shares are read');
    const result = await h.client.api.domains.setTuning({ ref, etag: read.etag, tuning: { cpu: { shares: 256, quotaUs: 25_000 }, memory: { hardLimitKiB: 2 * 1024 * 1024 } } });
    assert.deepEqual(
      result.outcomes.map((o) => [o.part, o.effect]),
      [
        ['cpu', 'now'],
        ['memory', 'now'],
      ],
    );
    const live = await dom.schedulerParameters(LIVE);
    assert.equal(Number(live['cpu_shares']), 256);
    assert.equal(Number(live['vcpu_quota']), 25_000);
    assert.equal(Number((await dom.memoryParameters(LIVE))['hard_limit']), 2 * 1024 * 1024);
    assert.equal(Number((await dom.schedulerParameters(CONFIG))['cpu_shares']), 256, 'and persistent');
  });

  it('a stale etag is a conflict; a refused section rolls back the sections before it', async () => {
    const { dom, ref } = await define(false);
    const read = await h.client.api.domains.tuning({ ref });
    await run('virsh', ['-c', SYSTEM_URI, 'desc', '--config', await dom.name(), 'meanwhile']);
    await assert.rejects(
      h.client.api.domains.setTuning({ ref, etag: read.etag, tuning: { cpu: { shares: 300 } } }),
      (e: unknown) => e instanceof ApiError && e.code === 'conflict',
    );

    const fresh = await h.client.api.domains.tuning({ ref });
    const xml = await dom.XMLDesc(INACTIVE);
    const nowhere = Array.from({ length: fresh.host.cpus }, () => false);
    await assert.rejects(
      h.client.api.domains.setTuning({ ref, etag: fresh.etag, tuning: { cpu: { shares: 300 }, vcpuPin: [nowhere] } }),
      (e: unknown) => e instanceof ApiError && e.code === 'operation-failed' && /libvirt refused the resource controls/.test(e.message),
    );
    assert.equal(await dom.XMLDesc(INACTIVE), xml, 'the CPU shares written first were rolled back');
  });
});
