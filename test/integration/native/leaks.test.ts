// Resource bounds of the binding over many cycles, on libvirt's in-process test driver.
// Bounds are on memory growth after a warm-up, measured after forced garbage collection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { rssBytes } from './support.js';

async function settledRss(): Promise<number> {
  // Finalizers of collected handles run after GC, on later turns of the loop.
  for (let i = 0; i < 4; i++) {
    globalThis.gc?.();
    await new Promise((r) => setImmediate(r));
  }
  return rssBytes();
}

const MiB = 1024 * 1024;
// Under AddressSanitizer (test/support/memcheck.sh) RSS holds ASan's quarantine and shadow
// memory, so there the cycles run for ASan to check each one, and the RSS bound is not applied.
const underAsan = process.env.VIRTDECK_MEMCHECK === '1';
function assertGrowth(grown: number, bound: number, what: string): void {
  console.log(`# RSS growth over ${what}: ${(grown / MiB).toFixed(2)} MiB${underAsan ? ' (AddressSanitizer run: bound not applied)' : ''}`);
  if (!underAsan) assert.ok(grown < bound, `RSS grew by ${(grown / MiB).toFixed(1)} MiB over ${what}`);
}

describe('leaks', () => {
  it('needs --expose-gc', () => {
    assert.equal(typeof globalThis.gc, 'function', 'run with node --expose-gc (npm run test:native does)');
  });

  it('10,000 open/list/close cycles keep RSS within 40 MiB of the warmed-up level', async () => {
    const cycle = async () => {
      const conn = await libvirt.open('test:///default');
      const doms = await conn.listAllDomains();
      assert.equal(doms.length, 1);
      await doms[0]!.name();
      await conn.close();
    };
    for (let i = 0; i < 1_000; i++) await cycle();
    const base = await settledRss();
    for (let i = 0; i < 10_000; i++) await cycle();
    const grown = (await settledRss()) - base;
    assertGrowth(grown, 40 * MiB, '10,000 open/list/close cycles');
  });

  it('1,000 event register/deregister cycles keep RSS within 10 MiB and deliver nothing after', async () => {
    const conn = await libvirt.open('test:///default');
    const [dom] = await conn.listAllDomains();
    let delivered = 0;
    const cycle = async () => {
      const id = await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => delivered++);
      await conn.domainEventDeregisterAny(id);
    };
    for (let i = 0; i < 200; i++) await cycle();
    const base = await settledRss();
    for (let i = 0; i < 1_000; i++) await cycle();
    const grown = (await settledRss()) - base;
    // A probe that stays registered: once it has seen both transitions, libvirt has dispatched
    // them to every registration it still had.
    let probed = 0;
    const probe = await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => probed++);
    await dom!.suspend();
    await dom!.resume();
    while (probed < 2) await new Promise((r) => setTimeout(r, 10));
    await conn.domainEventDeregisterAny(probe);
    assert.equal(delivered, 0, 'no callback runs after deregistration');
    assertGrowth(grown, 10 * MiB, '1,000 event register/deregister cycles');
    await conn.close();
  });

  it('2,000 bulk stats calls keep RSS within 10 MiB; batches outliving close() hold nothing', async () => {
    const conn = await libvirt.open('test:///default');
    const cycle = async () => {
      const recs = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE);
      assert.equal(recs.length, 1);
      assert.equal(recs[0]!.uuid.length, 36);
    };
    for (let i = 0; i < 200; i++) await cycle();
    const base = await settledRss();
    for (let i = 0; i < 2_000; i++) await cycle();
    assertGrowth((await settledRss()) - base, 10 * MiB, '2,000 bulk stats calls');
    const kept = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE);
    await conn.close();
    assert.throws(
      () => kept[0]!.domain,
      (e: unknown) => e instanceof libvirt.LibvirtError && /closed connection/.test(e.message),
    );
  });
});
