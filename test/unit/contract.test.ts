// The contract's shape: every method of every namespace has a strict params schema and a result
// schema, every event a payload schema, and a namespace served by several services gets each
// method from exactly one of them. With VIRTDECK_CHECK_RESULTS=1 the server refuses to send what
// does not fit (a process of its own: a drift ends the process that finds it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { api, virtEvents } from '../../electron/common/api/contract.js';
import { consolesApi } from '../../electron/common/api/consoles.js';
import type { Methods, NamespaceImpl } from '../../electron/common/api/define.js';
import { implement } from '../../electron/node/rpc/implement.js';
import { CHECK_RESULTS_ENV } from '../../electron/node/rpc/result-checks.js';
import { root } from '../support/serve-process.js';

/** Runs test/support/contract-drift-probe.ts MODE with or without the checks. */
function probe(mode: 'result' | 'event', checks: boolean): Promise<{ code: number | null; lines: unknown[]; err: string }> {
  const env = { ...process.env };
  if (checks) env[CHECK_RESULTS_ENV] = '1';
  else delete env[CHECK_RESULTS_ENV];
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'test/support/contract-drift-probe.ts'), mode], { cwd: root, env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) =>
      resolve({
        code,
        lines: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown),
        err,
      }),
    ),
  );
}

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

  it('gives every method a result schema and every event a payload schema', () => {
    for (const [ns, group] of Object.entries(api as Record<string, Methods>)) {
      for (const [name, def] of Object.entries(group)) {
        assert.ok(def.result instanceof z.ZodType, `${ns}.${name} has no result schema`);
        // A result crosses as it is: a schema that transforms would describe another value.
        assert.notEqual(def.result.def.type, 'pipe', `${ns}.${name}: a result schema must not transform`);
      }
    }
    const topics = Object.keys(virtEvents);
    assert.ok(topics.length >= 16, `only ${topics.length} events`);
    for (const topic of topics) {
      assert.match(topic, /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/, `${topic}: namespace.pastTense`);
      assert.ok(virtEvents[topic as keyof typeof virtEvents] instanceof z.ZodType, `${topic} has no payload schema`);
    }
  });

  it('result schemas refuse what drifts from the type: a missing field, a wrong kind, an extra field, NaN', () => {
    const row = {
      ref: { connection: 'c1', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' },
      name: 'vm',
      state: 'running',
      reason: 'booted',
      id: 1,
      persistent: true,
      autostart: false,
      hasManagedSave: false,
    };
    const list = api.domains.list.result;
    assert.ok(list.safeParse([row]).success);
    const { reason: _gone, ...missing } = row;
    for (const bad of [missing, { ...row, state: 'asleep' }, { ...row, secret: 'x' }, { ...row, vcpus: Number.NaN }]) {
      assert.equal(list.safeParse([bad]).success, false, JSON.stringify(bad));
    }
    assert.ok(api.domains.start.result.safeParse(undefined).success);
    assert.equal(api.domains.start.result.safeParse({ started: true }).success, false, 'a void method returned a value');
  });

  it('with VIRTDECK_CHECK_RESULTS=1, a result or event that drifts fails loudly and is not sent', async () => {
    const [result, event] = await Promise.all([probe('result', true), probe('event', true)]);
    assert.deepEqual(result.lines, [{ error: 'internal' }], result.err);
    assert.notEqual(result.code, 0, 'the process ends with the drift');
    assert.match(result.err, /ContractDrift: the result of preferences\.get does not fit its schema: statsIntervalMs: /);
    assert.deepEqual(event.lines, [{ topic: 'connections.reordered', payload: { ids: ['a'] } }], event.err);
    assert.notEqual(event.code, 0);
    assert.match(event.err, /ContractDrift: the payload of connection\.removed does not fit its schema: id: /);
  });

  it('without the flag (production) nothing is checked: what the service gives is sent', async () => {
    const [result, event] = await Promise.all([probe('result', false), probe('event', false)]);
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(result.lines, [{ value: { statsIntervalMs: 'fast', listColumns: [], graphs: [] } }]);
    assert.equal(event.code, 0, event.err);
    assert.deepEqual(event.lines, [
      { topic: 'connection.removed', payload: { id: 42 } },
      { topic: 'connections.reordered', payload: { ids: ['a'] } },
    ]);
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
