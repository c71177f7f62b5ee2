import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { NodeDevice, pciAddress } from '../../electron/node/xml/node-device.js';

test('a PCI device’s IOMMU group lists every address in it, in the kernel’s notation', () => {
  const d = NodeDevice.parse(readFileSync(new URL('../fixtures/xml/node-device/base.xml', import.meta.url), 'utf8'));
  assert.equal(pciAddress(d.capDomain, d.capBus, d.capSlot, d.capFunction), '0000:00:1f.2');
  assert.deepEqual(d.iommuGroupAddresses, ['0000:00:1f.0', '0000:00:1f.2', '0000:00:1f.3']);
  assert.equal(d.iommuGroup, 9);
  assert.equal(d.driverName, 'ahci');
});
