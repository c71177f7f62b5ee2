// The wizard's OS catalog over the system's osinfo-db: searches find real OSes, their
// profiles carry the facts the XML defaults need, and Windows 11 gets UEFI and a TPM.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { osinfoCatalog } from '../../electron/node/create/osinfo-catalog.js';
import type { OsCatalog } from '../../electron/node/create/os-catalog.js';
import { planFirmware } from '../../electron/node/create/domain-plan.js';
import { loadOsDb } from '../../electron/node/osinfo/index.js';

describe('OS catalog over osinfo-db', () => {
  let catalog: OsCatalog;
  before(async () => {
    catalog = osinfoCatalog(await loadOsDb());
  });

  it('offers the generic choices first, then finds OSes by name', () => {
    const first = catalog.search('');
    assert.equal(first[0]!.family, 'linux');
    assert.equal(first[1]!.id, 'generic');
    const debian = catalog.search('debian 11').find((o) => o.shortId === 'debian11');
    assert.ok(debian, 'Debian 11 is found');
    assert.ok(debian.devices.virtioBlock && debian.devices.virtioNet && debian.devices.q35);
    assert.ok((debian.recommended.memoryMiB ?? 0) >= 1024);
  });

  it('Windows 11 needs UEFI and a TPM, and gets both where the host has them', () => {
    const win = catalog.get('win11');
    assert.ok(win);
    assert.equal(win.efiRequired, true);
    assert.equal(win.tpmRequired, true);
    const plan = planFirmware(win, { machine: 'pc-q35-7.2', efi: true, tpmEmulator: true, tpmModels: ['tpm-crb'], diskBuses: [] });
    assert.deepEqual([plan.firmware, plan.tpm, plan.warnings], ['efi', true, []]);
  });
});
