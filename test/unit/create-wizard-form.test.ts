// The wizard's form logic without a browser: what each step refuses, the spec it sends, and
// the names it suggests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api } from '../../electron/common/api/contract.js';
import { initialForm, stepProblems, suggestName, toSpec, visibleSteps, type WizardForm } from '../../renderer/src/features/create/wizard-form.js';

const t = (key: string, values: Record<string, string | number> = {}) => `${key} ${JSON.stringify(values)}`;
const form = (f: Partial<WizardForm>): WizardForm => ({ ...initialForm, ...f });

describe('New VM wizard form', () => {
  it('says what is missing on each step', () => {
    assert.match(stepProblems('source', form({ source: 'iso' }), new Set(), t)[0]!, /required.*ISO image path/);
    assert.deepEqual(stepProblems('source', form({ source: 'pxe' }), new Set(), t), []);
    assert.match(stepProblems('source', form({ source: 'cloud', cloudImage: '/i.qcow2', ciUser: 'u' }), new Set(), t)[0]!, /ciNeedsLogin/);
    assert.equal(stepProblems('resources', form({ memoryMiB: '8', vcpus: 'x' }), new Set(), t).length, 2);
    assert.match(stepProblems('finish', form({ name: 'a b' }), new Set(), t)[0]!, /letters, digits/);
    assert.match(stepProblems('finish', form({ name: 'web' }), new Set(['web']), t)[0]!, /nameTaken/);
    assert.deepEqual(stepProblems('finish', form({ name: 'web' }), new Set(['db']), t), []);
  });

  it('sends a spec the contract accepts, for every source', () => {
    const cases: Partial<WizardForm>[] = [
      { source: 'iso', isoPath: '/isos/a.iso' },
      { source: 'cdrom' },
      { source: 'import', importPath: '/img/a.qcow2' },
      { source: 'pxe', network: 'network:default' },
      { source: 'kernel', kernelPath: '/k', initrdPath: '', cmdline: 'console=ttyS0' },
      { source: 'cloud', cloudImage: '/img/base.qcow2', ciUser: 'alice', ciKeys: 'ssh-ed25519 AAAA a\n\nssh-rsa BBBB b\n', storage: 'none' },
    ];
    for (const c of cases) {
      const spec = toSpec('c1', form({ name: 'vm1', ...c }));
      const parsed = api.vmCreate.preview.params.safeParse({ spec });
      assert.ok(parsed.success, `${c.source}: ${parsed.success ? '' : parsed.error.message}`);
    }
    const cloud = toSpec('c1', form({ name: 'vm1', ...cases[5] }));
    assert.deepEqual(cloud.storage, { kind: 'new', pool: 'default', sizeGiB: 20, format: 'qcow2' }, 'a cloud image always gets a new overlay');
    assert.deepEqual(cloud.source.kind === 'cloud' && cloud.source.cloudInit.sshKeys, ['ssh-ed25519 AAAA a', 'ssh-rsa BBBB b']);
    assert.deepEqual(toSpec('c1', form({ name: 'vm1', source: 'import', importPath: '/a' })).storage, { kind: 'none' });
    assert.deepEqual(toSpec('c1', form({ name: 'vm1', network: 'bridge:br0' })).network, { kind: 'bridge', name: 'br0' });
    const direct = toSpec('c1', form({ name: 'vm1', source: 'pxe', network: 'direct:eth0' }));
    assert.deepEqual(direct.network, { kind: 'direct', name: 'eth0' });
    assert.ok(api.vmCreate.preview.params.safeParse({ spec: direct }).success, 'a macvtap choice is a spec the contract accepts');
    assert.equal(toSpec('c1', form({ name: 'vm1' })).virtType, undefined, 'no virt type unless chosen');
  });

  it('adds the XML step only when asked, and suggests names that are free', () => {
    assert.equal(visibleSteps(form({})).length, 5);
    assert.equal(visibleSteps(form({ customize: true })).at(-1), 'customize');
    assert.equal(suggestName('debian11', new Set()), 'debian11');
    assert.equal(suggestName('debian11', new Set(['debian11', 'debian11-2'])), 'debian11-3');
    assert.equal(suggestName('a b/c', new Set()), 'abc');
  });
});
