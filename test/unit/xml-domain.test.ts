// The domain model beyond single properties: device identity, adding and removing devices in
// libvirt's order, metadata by namespace, memory units, and refusal of values that do not fit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XmlPropertyError } from '../../electron/node/xml/binding.js';
import { Disk, Interface } from '../../electron/node/xml/devices/index.js';
import { Domain, VIRTDECK_NS } from '../../electron/node/xml/domain.js';
import { root } from '../support/serve-process.js';

const base = (f: string): string => readFileSync(join(root, 'test', 'fixtures', 'xml', 'base', f), 'utf8');

describe('domain model', () => {
  it('gives each device a stable identity: alias, else address, else index within its kind', () => {
    const d = Domain.parse(base('devices.xml'));
    const disks = d.devices('disk');
    assert.ok(disks[0] instanceof Disk);
    assert.deepEqual(
      disks.map((x) => x.id),
      ['disk/alias/ua-disk0', 'disk/index/1', 'disk/index/2', 'disk/index/3', 'disk/index/4'],
    );
    const live = Domain.parse(
      `<domain><devices><interface type='network'><address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></interface></devices></domain>`,
    );
    assert.equal(live.devices()[0]?.id, 'interface/address/type=pci,domain=0x0000,bus=0x01,slot=0x00,function=0x0');
    // The identity finds the same device again after other devices are added before it.
    const id = disks[2]?.id ?? '';
    assert.equal((d.device('disk/index/2') as Disk).sourceDir, '/srv/floppy');
    assert.equal(d.device(id)?.el, disks[2]?.el);
  });

  it('adds a device after the last of its kind, or where libvirt orders its kind, and removes it again', () => {
    const xml = base('domain.xml');
    const d = Domain.parse(xml);
    const nic = d.addDevice('interface', { type: 'network' });
    assert.ok(nic instanceof Interface);
    nic.sourceNetwork = 'default';
    nic.modelType = 'virtio';
    const disk = d.addDevice('disk', { type: 'file', device: 'cdrom' });
    disk.targetDev = 'sda';
    assert.deepEqual(
      d.devices().map((x) => x.kind),
      ['disk', 'disk', 'interface'],
    );
    assert.match(
      d.serialize(),
      /<\/disk>\n {4}<disk type='file' device='cdrom'>\n {6}<target dev='sda'\/>\n {4}<\/disk>\n {4}<interface type='network'>\n {6}<source network='default'\/>\n {6}<model type='virtio'\/>\n {4}<\/interface>\n {2}<\/devices>/,
    );
    assert.equal(d.removeDevice(nic), true);
    assert.equal(d.removeDevice(disk.id), true);
    assert.equal(d.removeDevice('disk/index/9'), false);
    assert.equal(d.serialize(), xml);
  });

  it('keeps metadata of other namespaces and edits its own', () => {
    const xml = base('domain.xml');
    const d = Domain.parse(xml);
    assert.equal(d.metadata('http://libosinfo.org/xmlns/libvirt/domain/1.0')?.elements()[0]?.attr('id'), 'http://debian.org/debian/12');
    const mine = d.ensureMetadata(VIRTDECK_NS, 'virtdeck', 'vm');
    mine.insert(d.doc.createElement('virtdeck:note', {})).text = 'a & b';
    const again = Domain.parse(d.serialize());
    assert.equal(again.metadata(VIRTDECK_NS)?.element('virtdeck:note')?.text, 'a & b');
    assert.equal(again.metadata(VIRTDECK_NS)?.namespaceURI, VIRTDECK_NS);
    again.removeMetadata(VIRTDECK_NS);
    assert.equal(again.serialize(), xml);
  });

  it('applies memory units', () => {
    const d = Domain.parse(`<domain><memory unit='GiB'>2</memory><currentMemory>1048576</currentMemory></domain>`);
    assert.equal(d.memoryBytes, 2 * 1024 ** 3);
    assert.equal(d.currentMemoryBytes, 1024 ** 3);
    d.memoryUnit = 'parsecs';
    assert.equal(d.memoryBytes, undefined);
  });

  it('refuses values that do not fit a property, leaving the document as it was', () => {
    const xml = base('domain.xml');
    const d = Domain.parse(xml);
    const set = (f: () => void): void => assert.throws(f, XmlPropertyError);
    set(() => (d.onCrash = 'explode'));
    set(() => (d.memory = -1));
    set(() => (d.vcpu = 1.5));
    assert.equal(d.serialize(), xml);
    assert.throws(() => Domain.parse('<network/>'), /expected a <domain> document/);
  });
});
