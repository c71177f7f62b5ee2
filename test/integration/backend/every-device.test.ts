// A VM with a device of every kind in one definition, and XML Virtdeck does not model
// (qemu:commandline, metadata in a foreign namespace), on qemu:///system and on the test
// driver: the hardware view lists every device with its properties, the resource controls read,
// and a run of edits through every editor's change kind leaves every device it did not name and
// all the unmodelled XML exactly as libvirt had them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { DomainChange, HardwareDevice } from '../../../electron/common/api/domain-edits.js';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { SYSTEM_URI, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';

const KINDS = [
  'disk',
  'controller',
  'filesystem',
  'interface',
  'smartcard',
  'serial',
  'parallel',
  'console',
  'channel',
  'input',
  'tpm',
  'graphics',
  'sound',
  'video',
  'hostdev',
  'redirdev',
  'watchdog',
  'memballoon',
  'rng',
  'panic',
  'vsock',
];

for (const uri of [SYSTEM_URI, 'test:///default']) {
  describe(`a VM with every kind of device (${uri})`, () => {
    let h: Harness;
    let ref: DomainRef;
    const name = uniqueName('every');

    before(async () => {
      h = await harness();
      const { id } = await h.client.api.connections.add({ spec: { uri, autoconnect: false } });
      await h.client.api.connections.open({ id });
      const xml = (await readFile(new URL('../../fixtures/domains/every-device.xml', import.meta.url), 'utf8')).replaceAll('NAME', name);
      const conn = h.backend.connections.connection(id);
      const dom = await conn.defineXML(xml);
      ref = { connection: id, uuid: (await dom.UUIDString()).toLowerCase() };
      await h.client.api.domains.list({ connection: id });
    });
    after(async () => {
      const conn = h.backend.connections.connection(ref.connection);
      await (await conn.lookupByName(name)).undefineFlags(0).catch(() => 0);
      await h.close();
    });

    it('lists every device with its properties; the resource controls read', async () => {
      const hw = await h.client.api.domains.hardware({ ref });
      for (const kind of KINDS)
        assert.ok(
          hw.devices.some((d) => d.kind === kind && Object.keys(d.props).length > 0),
          `a ${kind} with properties`,
        );
      assert.ok(Object.keys(hw.domain).length > 5);
      const tuning = await h.client.api.domains.tuning({ ref });
      assert.equal(tuning.running, false);
    });

    it('edits through every change kind leave untouched devices and unmodelled XML byte-identical', async () => {
      const hw = await h.client.api.domains.hardware({ ref });
      const one = (kind: string, pick: (d: HardwareDevice) => boolean = () => true) => {
        const d = hw.devices.find((x) => x.kind === kind && pick(x));
        assert.ok(d, kind);
        return d;
      };
      const disk = one('disk', (d) => d.props['device'] === 'disk');
      const nic = one('interface');
      const vnc = one('graphics', (d) => d.props['type'] === 'vnc');
      const video = one('video');
      const sound = one('sound');
      const watchdog = one('watchdog');
      const touched = new Set([disk.id, nic.id, vnc.id, video.id, sound.id, watchdog.id]);
      const changes: DomainChange[] = [
        { kind: 'domain', set: { title: 'every device', cpuMode: 'host-model', onCrash: 'preserve', bootMenu: true } },
        { kind: 'memory', currentKiB: 196608, maxKiB: 262144 },
        { kind: 'vcpus', current: 1, max: 2 },
        { kind: 'device', id: disk.id, set: { driverCache: 'writeback', serial: 'EVERY-2' } },
        { kind: 'device', id: nic.id, set: { linkState: 'down' } },
        { kind: 'device', id: vnc.id, set: { listen: '127.0.0.2' } },
        { kind: 'device', id: video.id, set: { modelType: 'virtio' } },
        { kind: 'device', id: sound.id, set: { model: 'ich9' } },
        { kind: 'removeDevice', id: watchdog.id },
        { kind: 'addDevice', device: 'rng', set: { model: 'virtio', backendModel: 'random', backend: '/dev/urandom' } },
        { kind: 'bootOrder', ids: [disk.id, nic.id] },
        { kind: 'osinfo', id: 'http://debian.org/debian/12' },
      ];
      const result = await h.client.api.domains.applyEdit({ ref, etag: hw.etag, changes });
      assert.ok(result.outcomes.length >= changes.length);
      const after = await h.client.api.domains.hardware({ ref });
      for (const d of hw.devices) {
        if (touched.has(d.id)) continue;
        const same = after.devices.find((x) => x.id === d.id);
        assert.equal(same?.xml, d.xml, `${d.id} untouched`);
      }
      assert.ok(!after.devices.some((d) => d.id === watchdog.id), 'the watchdog is gone');
      // What libvirt itself kept of them (the test driver drops qemu:commandline on define).
      const unmodelled = ['<other:note xmlns:other="https://example.org/other">kept &amp; untouched</other:note>', "<qemu:env name='VIRTDECK_EVERY' value='1'/>"].filter((x) =>
        hw.xml.includes(x),
      );
      assert.ok(unmodelled.length >= 1);
      for (const kept of unmodelled) assert.ok(after.xml.includes(kept), `kept ${kept}`);
      assert.equal(after.osinfoId, 'http://debian.org/debian/12');
    });
  });
}
