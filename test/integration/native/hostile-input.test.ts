// No input crashes the process: every public method of the binding's objects, called with
// random values of every JS type, either works or fails with TypeError, RangeError or
// LibvirtError. A native crash would kill this test file's process and fail it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as libvirt from 'virtdeck/native';

// Values a careless or hostile caller might pass.
const junk = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -1, 0, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1.5),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.string(),
  fc.constantFrom('', '\0', 'a\0b', '<domain', '</>', '&;', '../../etc/passwd', 'x'.repeat(100_000)),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.oneof(fc.integer(), fc.string(), fc.boolean()), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.bigInt())),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
);

// Methods that would end the fixture for the methods after them, or wait on purpose.
const skip = new Set(['constructor', 'close', 'undefineFlags', 'destroy', 'undefine', 'delete', 'migrate3', 'migrateToURI3']);

function expectedFailure(e: unknown): boolean {
  return e instanceof TypeError || e instanceof RangeError || e instanceof libvirt.LibvirtError;
}

describe('hostile input to every method', () => {
  let conn: libvirt.Connection;
  let targets: [string, object][];

  before(async () => {
    conn = await libvirt.open('test:///default');
    const [dom] = await conn.listAllDomains();
    const [net] = await conn.listAllNetworks();
    const [pool] = await conn.listAllStoragePools();
    const [vol] = await pool!.listAllVolumes();
    targets = [['Connection', conn], ['Domain', dom!], ['Network', net!], ['StoragePool', pool!], ...(vol ? ([['StorageVolume', vol]] as [string, object][]) : [])];
  });
  after(async () => {
    await conn.close();
  });

  it('each call works or fails with TypeError, RangeError or LibvirtError', async () => {
    let calls = 0;
    for (const [kind, target] of targets) {
      const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const method = proto[name];
        if (skip.has(name) || typeof method !== 'function') continue;
        await fc.assert(
          fc.asyncProperty(fc.array(junk, { maxLength: 6 }), async (args) => {
            calls++;
            try {
              const r: unknown = (method as (...a: unknown[]) => unknown).apply(target, args);
              if (r instanceof Promise) await r;
            } catch (e) {
              assert.ok(expectedFailure(e), `${kind}.${name}(${args.length} args) failed with ${String(e)}`);
              if (e instanceof TypeError) assert.ok(e.message.length > 0);
            }
          }),
          { numRuns: 40 },
        );
      }
    }
    assert.ok(calls > 1000, `made ${calls} calls`);
  });
});
