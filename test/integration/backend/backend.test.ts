// The backend through the contract (in-memory RPC), against libvirt's real test driver.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { ConnectionInfo } from '../../../electron/common/api/connections.js';
import type { DomainSummary } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { memoryPeerPair, type RpcMessage } from '../../../electron/common/rpc/messages.js';
import { serve } from '../../../electron/node/rpc/serve.js';
import { ConnectionStore } from '../../../electron/node/connections/store.js';
import { harness, testDriverNode, waitFor, type Harness } from './support.js';

const isApiError = (code: string) => (e: unknown) => e instanceof ApiError && e.code === code;

describe('the contract over RPC', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h.close();
  });

  it('refuses unknown methods, prototype paths and malformed params', async () => {
    const [a, b] = memoryPeerPair();
    const stop = serve(b, h.backend.api, h.backend.events);
    const replies: RpcMessage[] = [];
    a.onMessage((m) => replies.push(m));
    const bad: [string, unknown][] = [
      ['nope.list', {}],
      ['connections', {}],
      ['__proto__.constructor', {}],
      ['connections.constructor', {}],
      ['connections.__proto__', {}],
      ['connections.hasOwnProperty', {}],
      ['connections.list', { extra: 1 }],
      ['connections.add', { spec: { uri: 42, autoconnect: true } }],
      ['domains.start', { ref: { connection: 'x', uuid: 'not-a-uuid' } }],
      ['domains.start', null],
    ];
    bad.forEach(([method, params], i) => a.send({ t: 'call', id: i + 1, method, params }));
    await waitFor('all replies', () => replies.length === bad.length);
    for (const r of replies) {
      assert.ok(r.t === 'result' && !r.ok, JSON.stringify(r));
      assert.equal(r.error.code, 'invalid-request', JSON.stringify(r));
    }
    stop();
  });

  it('refuses hostile connection URIs with a clear message', async () => {
    await assert.rejects(
      h.client.api.connections.add({ spec: { uri: 'qemu+ssh://-oProxyCommand=x/system', autoconnect: false } }),
      (e: unknown) => isApiError('invalid-input')(e) && /must not start with "-"/.test((e as Error).message),
    );
    await assert.rejects(h.client.api.connections.add({ spec: { uri: 'qemu+ssh://h/system?command=sh', autoconnect: false } }), isApiError('invalid-input'));
    assert.deepEqual(await h.client.api.connections.list({}), []);
  });

  it('adds, opens, lists, acts on and removes VMs, with events', async () => {
    const uri = await testDriverNode(h.dir, 'a.xml', ['web', 'db']);
    const info = await h.client.api.connections.add({ spec: { uri, autoconnect: true, label: 'Lab A' } });
    await waitFor('connected', () => h.events.some((e) => e.topic === 'connection.stateChanged' && (e.payload as ConnectionInfo).state === 'connected'));
    const open = (await h.client.api.connections.list({}))[0]!;
    assert.equal(open.id, info.id);
    assert.equal(open.hypervisor?.type, 'TEST');
    assert.match(open.hypervisor?.libvirtVersion ?? '', /^\d+\.\d+\.\d+$/);
    await waitFor('VM counts', async () => (await h.client.api.connections.list({}))[0]!.counts?.total === 2);

    const rows = await h.client.api.domains.list({ connection: info.id });
    assert.deepEqual(rows.map((r) => r.name).sort(), ['db', 'web']);
    const web = rows.find((r) => r.name === 'web')!;
    assert.equal(web.state, 'running');
    assert.equal(web.ref.connection, info.id);

    const changed = (state: string) => () =>
      h.events.some((e) => e.topic === 'domain.changed' && (e.payload as DomainSummary).ref.uuid === web.ref.uuid && (e.payload as DomainSummary).state === state);
    await h.client.api.domains.pause({ ref: web.ref });
    await waitFor('paused event', changed('paused'));
    await h.client.api.domains.resume({ ref: web.ref });
    await h.client.api.domains.forceOff({ ref: web.ref });
    await waitFor('shut off event', changed('shutoff'));
    await assert.rejects(
      h.client.api.domains.pause({ ref: web.ref }),
      (e: unknown) => isApiError('operation-failed')(e) && (e as ApiError).libvirtCode !== undefined && (e as ApiError).hint !== undefined,
    );
    await h.client.api.domains.start({ ref: web.ref });
    await waitFor('running again', changed('running'));
    await h.client.api.domains.setAutostart({ ref: web.ref, autostart: true });
    assert.equal((await h.client.api.domains.list({ connection: info.id })).find((r) => r.name === 'web')!.autostart, true);
    await h.client.api.domains.sendCtrlAltDel({ ref: web.ref });

    const details = await h.client.api.domains.details({ ref: web.ref });
    assert.equal(details.name, 'web');
    assert.equal(details.hypervisorType, 'test');
    assert.match(details.xml, /<name>web<\/name>/);

    await h.client.api.domains.forceOff({ ref: web.ref });
    await h.client.api.domains.undefine({ ref: web.ref });
    await waitFor('removed event', () => h.events.some((e) => e.topic === 'domain.removed' && (e.payload as { uuid: string }).uuid === web.ref.uuid));
    await assert.rejects(h.client.api.domains.start({ ref: web.ref }), isApiError('not-found'));

    await h.client.api.connections.remove({ id: info.id });
    assert.deepEqual(await h.client.api.connections.list({}), []);
    await assert.rejects(h.client.api.domains.list({ connection: info.id }), isApiError('not-found'));
  });

  it('keeps VMs of the same name on two hosts apart', async () => {
    const a = await h.client.api.connections.add({ spec: { uri: await testDriverNode(h.dir, 'h1.xml', ['same']), autoconnect: false } });
    const b = await h.client.api.connections.add({ spec: { uri: await testDriverNode(h.dir, 'h2.xml', ['same']), autoconnect: false } });
    await h.client.api.connections.open({ id: a.id });
    await h.client.api.connections.open({ id: b.id });
    const [ra] = await h.client.api.domains.list({ connection: a.id });
    const [rb] = await h.client.api.domains.list({ connection: b.id });
    assert.notEqual(ra!.ref.uuid, rb!.ref.uuid);
    await h.client.api.domains.forceOff({ ref: ra!.ref });
    assert.equal((await h.client.api.domains.list({ connection: a.id }))[0]!.state, 'shutoff');
    assert.equal((await h.client.api.domains.list({ connection: b.id }))[0]!.state, 'running');
    await assert.rejects(h.client.api.domains.start({ ref: { connection: b.id, uuid: ra!.ref.uuid } }), isApiError('not-found'));
    await h.client.api.connections.remove({ id: a.id });
    await h.client.api.connections.remove({ id: b.id });
  });

  it('lists a host with a constant number of libvirt calls, whatever its number of VMs', async () => {
    const count = async (n: number) => {
      const names = Array.from({ length: n }, (_, i) => `vm-${i}`);
      const info = await h.client.api.connections.add({ spec: { uri: await testDriverNode(h.dir, `n${n}.xml`, names), autoconnect: false } });
      await h.client.api.connections.open({ id: info.id });
      // The watcher lists the host once on connect (for its VM counts): let that finish first.
      await waitFor('the first listing', async () => (await h.client.api.connections.list({})).find((c) => c.id === info.id)!.counts?.total === n);
      const proto = libvirt.Connection.prototype as unknown as Record<string, unknown>;
      const dproto = libvirt.Domain.prototype as unknown as Record<string, unknown>;
      let calls = 0;
      const wrapped: [Record<string, unknown>, string, unknown][] = [];
      // Count what reaches libvirt: Connection calls, and Domain calls other than the local
      // identity getters (name, UUIDString, ID cost no round trip).
      for (const [p, skip] of [
        [proto, new Set(['constructor'])],
        [dproto, new Set(['constructor', 'name', 'UUIDString', 'ID', 'connect'])],
      ] as const) {
        for (const k of Object.getOwnPropertyNames(p)) {
          const f = p[k];
          if (skip.has(k) || typeof f !== 'function') continue;
          wrapped.push([p, k, f]);
          p[k] = function (this: unknown, ...args: unknown[]) {
            calls++;
            return (f as (...a: unknown[]) => unknown).apply(this, args);
          };
        }
      }
      try {
        const rows = await h.client.api.domains.list({ connection: info.id });
        assert.equal(rows.length, n);
      } finally {
        for (const [p, k, f] of wrapped) p[k] = f;
      }
      await h.client.api.connections.remove({ id: info.id });
      return calls;
    };
    const small = await count(5);
    const large = await count(500);
    assert.equal(large, small, `${small} calls for 5 VMs, ${large} for 500`);
    assert.ok(small <= 5, `${small} calls`);
  });
});

describe('first run and the saved connections', () => {
  it('adds the first local hypervisor that answers, connects it, and saves it', async () => {
    const h = await harness({ firstRun: ['nosuch:///system', 'test:///default'] });
    try {
      const [c] = await h.client.api.connections.list({});
      assert.equal(c?.spec.uri, 'test:///default');
      await waitFor('connected', async () => (await h.client.api.connections.list({}))[0]!.state === 'connected');
      const saved = JSON.parse(await readFile(join(h.dir, 'config', 'connections.json'), 'utf8')) as { connections: { spec: { uri: string } }[] };
      assert.deepEqual(
        saved.connections.map((x) => x.spec.uri),
        ['test:///default'],
      );
    } finally {
      await h.close();
    }
  });

  it('keeps a corrupt file aside and starts with no connections', async () => {
    const h = await harness();
    try {
      const store = new ConnectionStore(join(h.dir, 'other'));
      await store.save([]);
      await writeFile(store.path, '{ this is not json');
      assert.deepEqual(await store.load(), []);
      await store.save([{ id: 'x', spec: { uri: 'test:///default', autoconnect: false } }]);
      assert.equal((await store.load())?.length, 1);
    } finally {
      await h.close();
    }
  });

  it('never leaves a torn file when the process dies mid-write', async () => {
    const h = await harness();
    try {
      const dir = join(h.dir, 'crash');
      const big = Array.from({ length: 2000 }, (_, i) => ({ id: `id-${i}`, spec: { uri: `test:///tmp/${i}.xml`, autoconnect: i % 2 === 0, label: 'x'.repeat(50) } }));
      const root = join(import.meta.dirname, '..', '..', '..');
      const script = join(h.dir, 'writer.mts'); // .mts: ESM, though outside the package
      await writeFile(join(h.dir, 'big.json'), JSON.stringify(big));
      await writeFile(
        script,
        `import { readFileSync } from 'node:fs';
        import { ConnectionStore } from ${JSON.stringify(join(root, 'electron/node/connections/store.ts'))};
        const s = new ConnectionStore(${JSON.stringify(dir)});
        const big = JSON.parse(readFileSync(${JSON.stringify(join(h.dir, 'big.json'))}, 'utf8'));
        for (let i = 0; ; i++) await s.save(big.slice(0, 1000 + (i % 1000)));`,
      );
      for (let round = 0; round < 5; round++) {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: 'ignore' });
        await waitFor('a first save', async () => (await readFile(join(dir, 'connections.json'), 'utf8').catch(() => '')).length > 0, 20_000, 20);
        await new Promise((r) => setTimeout(r, 30 + round * 37)); // let it be somewhere in a write
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const loaded = await new ConnectionStore(dir).load();
        assert.ok(loaded && loaded.length >= 1000, `round ${round}: the file parsed and held a full list`);
      }
    } finally {
      await h.close();
    }
  });
});
