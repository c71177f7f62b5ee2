// The Resources tab's form without a DOM: libvirt's values in a user's units and back, only the
// changed sections sent, and the checks libvirt would otherwise refuse (a total with read/write
// limits, a peak without an average, a vCPU pinned nowhere, a swap limit under the limit).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VmTuning } from '../../electron/common/api/domain-tuning.js';
import { changes, initForm, setField } from '../../renderer/src/components/form/form-state.js';
import { diskProblems, limitPercent, nicProblems, toTuning, tuningProblems, valuesOf, type TuningValues } from '../../renderer/src/features/vm-details/resources/tuning-form.js';
import { osinfoSearchText } from '../../renderer/src/features/vm-details/overview/overview-words.js';

/** What domains.tuning reads for a shut-off QEMU VM with one disk and one NIC (as on this host). */
const offVm: VmTuning = {
  cpu: { quotaUs: null },
  memory: { hardLimitKiB: null, softLimitKiB: null, swapHardLimitKiB: null },
  blkioWeight: 0,
  disks: [{ target: 'vda', totalBytesSec: 0, readBytesSec: 0, writeBytesSec: 0, totalIopsSec: 0, readIopsSec: 0, writeIopsSec: 0 }],
  interfaces: [{ mac: '52:54:00:7e:00:09', inboundAverage: 0, inboundPeak: 0, inboundBurst: 0, outboundAverage: 0, outboundPeak: 0, outboundBurst: 0 }],
  vcpuPin: [[true, true]],
  emulatorPin: [true, true],
  numa: { mode: 'strict', nodeset: '' },
};

function edit(base: TuningValues, edits: Partial<TuningValues>): { values: TuningValues; changed: Partial<TuningValues> } {
  let s = initForm(base);
  for (const [k, v] of Object.entries(edits) as [keyof TuningValues, TuningValues[keyof TuningValues]][]) s = setField(s, k, v);
  return { values: s.values, changed: changes(s) };
}

describe('Resources form', () => {
  it('reads libvirt’s "not set" and "unlimited" as empty fields', () => {
    const v = valuesOf(offVm, 2);
    assert.deepEqual([v.shares, v.cpuLimit, v.hardLimit, v.softLimit, v.swapLimit, v.minGuarantee, v.blkioWeight], ['', '', '', '', '', '', '']);
    assert.deepEqual(v.disks[0], { target: 'vda', readBytes: '', writeBytes: '', totalBytes: '', readIops: '', writeIops: '', totalIops: '' });
    assert.deepEqual(v.vcpuPin, [[true, true]]);
    assert.deepEqual(tuningProblems(v, v), {});
  });

  it('reads a quota as % of the period, and limits in MiB', () => {
    assert.equal(limitPercent(50_000, 100_000), '50');
    assert.equal(limitPercent(25_000, undefined), '25');
    assert.equal(limitPercent(null, 100_000), '');
    const v = valuesOf({ ...offVm, memory: { hardLimitKiB: 2 * 1024 * 1024 }, disks: [{ target: 'vda', readBytesSec: 10 * 1024 * 1024, totalIopsSec: 200 }] }, 2);
    assert.equal(v.hardLimit, '2048');
    assert.equal(v.disks[0]?.readBytes, '10');
    assert.equal(v.disks[0]?.totalIops, '200');
  });

  it('sends only the sections changed, in libvirt’s units', () => {
    const base = valuesOf(offVm, 2);
    const disks = [{ ...base.disks[0]!, readBytes: '10', totalIops: '200' }];
    const { values, changed } = edit(base, { cpuLimit: '50', shares: '512', disks });
    assert.deepEqual(toTuning(changed, values, base, undefined), {
      cpu: { shares: 512, periodUs: 100_000, quotaUs: 50_000 },
      disks: [{ target: 'vda', readBytesSec: 10 * 1024 * 1024, writeBytesSec: 0, totalBytesSec: 0, readIopsSec: 0, writeIopsSec: 0, totalIopsSec: 200 }],
    });
  });

  it('clears a CPU limit with a null quota, and keeps a quota above libvirt’s 1 ms minimum', () => {
    const base = valuesOf({ ...offVm, cpu: { shares: 1024, periodUs: 10_000, quotaUs: 5_000 } }, 2);
    assert.equal(base.cpuLimit, '50');
    const cleared = edit(base, { cpuLimit: '' });
    assert.deepEqual(toTuning(cleared.changed, cleared.values, base, 10_000), { cpu: { shares: 1024, quotaUs: null } });
    // 5 % of a 10 ms period is 0.5 ms, under libvirt's minimum: the default period is used instead.
    const small = edit(base, { cpuLimit: '5' });
    assert.deepEqual(toTuning(small.changed, small.values, base, 10_000).cpu, { shares: 1024, periodUs: 100_000, quotaUs: 5_000 });
  });

  it('sends memory limits changed only (a reservation QEMU lacks is never sent), none as null', () => {
    const base = valuesOf({ ...offVm, memory: { hardLimitKiB: 1024 * 1024, softLimitKiB: null } }, 2);
    const { values, changed } = edit(base, { hardLimit: '', softLimit: '512' });
    assert.deepEqual(toTuning(changed, values, base, undefined), { memory: { hardLimitKiB: null, softLimitKiB: 512 * 1024 } });
  });

  it('sends the changed NIC and pinning rows', () => {
    const base = valuesOf(offVm, 2);
    const nics = [{ ...base.nics[0]!, inAverage: '1000' }];
    const { values, changed } = edit(base, { nics, vcpuPin: [[false, true]], numaNodeset: '0' });
    assert.deepEqual(toTuning(changed, values, base, undefined), {
      interfaces: [{ mac: '52:54:00:7e:00:09', inboundAverage: 1000, inboundPeak: 0, inboundBurst: 0, outboundAverage: 0, outboundPeak: 0, outboundBurst: 0 }],
      vcpuPin: [[false, true]],
      numa: { mode: 'strict', nodeset: '0' },
    });
  });

  it('finds what libvirt would refuse before it is sent', () => {
    const base = valuesOf(offVm, 2);
    assert.equal(diskProblems({ ...base.disks[0]!, totalIops: '100', readIops: '50' }).totalIops?.key, 'details2.res.totalOrReadWrite');
    assert.equal(diskProblems({ ...base.disks[0]!, readBytes: 'fast' }).readBytes?.key, 'details2.res.numberBetween');
    assert.deepEqual(diskProblems({ ...base.disks[0]!, readBytes: '0.5', writeIops: '20' }), {});
    assert.equal(nicProblems({ ...base.nics[0]!, outPeak: '100' }).outAverage?.key, 'details2.res.averageNeeded');
    const p = tuningProblems({ ...base, vcpuPin: [[false, false]], emulatorPin: [false, false], hardLimit: '1024', swapLimit: '512', cpuLimit: '150', numaNodeset: 'x' }, base);
    assert.deepEqual(Object.keys(p).sort(), ['cpuLimit', 'emulatorPin', 'numaNodeset', 'swapLimit', 'vcpuPin']);
    assert.deepEqual(p.vcpuPin, { key: 'details2.res.pinNone', params: { vcpu: 0 } });
    // Shares set in the definition cannot be emptied (libvirt has no "unset").
    const withShares = valuesOf({ ...offVm, cpu: { shares: 512 } }, 2);
    assert.equal(tuningProblems({ ...withShares, shares: '' }, withShares).shares?.key, 'form.required');
    for (const ok of ['0', '0-1', '0,2', '0-3,^2']) assert.equal(tuningProblems({ ...base, numaNodeset: ok }, base).numaNodeset, undefined, ok);
  });
});

describe('Overview: finding an osinfo id', () => {
  it('searches by the words of the id’s path', () => {
    assert.equal(osinfoSearchText('http://debian.org/debian/11'), 'debian 11');
    assert.equal(osinfoSearchText('http://microsoft.com/win/11'), 'win 11');
    assert.equal(osinfoSearchText('http://ubuntu.com/ubuntu/22.04'), 'ubuntu 22.04');
  });
});
