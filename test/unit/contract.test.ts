// The contract's shape: every method of every namespace has a strict params schema, and a
// namespace served by several services gets each method from exactly one of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api } from '../../electron/common/api/contract.js';
import { consolesApi } from '../../electron/common/api/consoles.js';
import type { Methods, NamespaceImpl } from '../../electron/common/api/define.js';
import { implement } from '../../electron/node/rpc/implement.js';

describe('contract', () => {
  it('gives every method a params schema that refuses unknown keys', () => {
    let methods = 0;
    for (const [ns, group] of Object.entries(api as Record<string, Methods>)) {
      for (const [name, def] of Object.entries(group)) {
        methods++;
        const probe = def.params.safeParse({ zzUnknownKey: 1 });
        assert.equal(probe.success, false, `${ns}.${name} accepted an unknown key`);
        assert.ok(
          probe.error.issues.some((i) => i.code === 'unrecognized_keys'),
          `${ns}.${name}: ${probe.error.message}`,
        );
      }
    }
    assert.ok(methods >= 40, `only ${methods} methods`);
  });

  it('names objects by connection and uuid', () => {
    const ref = { connection: 'c1', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
    assert.ok(api.domains.start.params.safeParse({ ref }).success);
    assert.equal(api.domains.start.params.safeParse({ ref: { connection: 'c1', name: 'vm' } }).success, false);
    assert.equal(api.domains.start.params.safeParse({ ref: { ...ref, uuid: 'not-a-uuid' } }).success, false);
  });

  it('serves a namespace from several services, each method from one', async () => {
    type Consoles = NamespaceImpl<typeof consolesApi>;
    const graphical: Pick<Consoles, 'open'> = { open: async () => ({ type: 'vnc', path: '/c', protocols: [], passwordRequired: false, available: ['vnc'], videoModel: 'vga' }) };
    const text: Pick<Consoles, 'serialDevices' | 'openSerial'> = {
      serialDevices: async () => [],
      openSerial: async ({ device }) => ({ device, path: '/c', protocols: [] }),
    };
    const viewer: Pick<Consoles, 'viewerFile' | 'launchViewer'> = {
      viewerFile: async () => ({ name: 'vm.vv', content: '' }),
      launchViewer: async () => ({ launched: false }),
    };
    const served = implement(consolesApi, graphical, text, viewer);
    const ref = { connection: 'c1', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
    assert.equal((await served.openSerial({ ref, device: 'serial0' })).device, 'serial0');
    assert.deepEqual(Object.keys(served).sort(), Object.keys(consolesApi).sort());
    // Claimed twice: which would answer is a guess, so it is refused at startup.
    assert.throws(() => implement(consolesApi, graphical, text, viewer, { open: graphical.open }), /open is implemented by 2 services/);
  });
});
