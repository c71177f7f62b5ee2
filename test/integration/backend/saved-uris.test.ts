// URIs on their way to libvirt: saved connections are checked like new ones (#17 items 2, 3),
// and the test driver's file form reads only regular .xml files in allowed directories.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConnectionInfo } from '../../../electron/common/api/connections.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { ConnectionStore } from '../../../electron/node/connections/store.js';
import { createBackend, type Backend } from '../../../electron/node/virt-service.js';
import { allowTestDriverDir, waitFor } from './support.js';

describe('URIs reaching libvirt', () => {
  let dir: string;
  let backend: Backend;
  const marker = () => join(dir, 'ext-ran');
  const logs: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-uris-'));
    const script = join(dir, 'evil.sh');
    await writeFile(script, `#!/bin/sh\ntouch ${marker()}\n`);
    await chmod(script, 0o755);
    await mkdir(join(dir, 'allowed'));
    await allowTestDriverDir(join(dir, 'config'), join(dir, 'allowed'));
    await new ConnectionStore(join(dir, 'config')).save([
      { id: 'ext', spec: { uri: `qemu+ext:///system?command=${script}`, autoconnect: true } },
      { id: 'noverify', spec: { uri: 'qemu+ssh://root@127.0.0.1:2222/system?no_verify=1&known_hosts_verify=ignore', autoconnect: true } },
      { id: 'shadow', spec: { uri: 'test:///etc/shadow', autoconnect: true } },
      { id: 'good', spec: { uri: 'test:///default', autoconnect: true } },
    ]);
    backend = await createBackend({ configDir: join(dir, 'config'), firstRun: [], log: (m) => logs.push(m) });
  });
  after(async () => {
    await backend?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const info = async (id: string): Promise<ConnectionInfo> => (await backend.api.connections.list({})).find((c) => c.id === id)!;
  const refusal = (code: string, not?: RegExp) => (e: unknown) => e instanceof ApiError && e.code === code && (!not || !not.test(e.message));

  it('keeps invalid saved entries, shows why, and never opens them', async () => {
    await waitFor('the valid entry connected', async () => (await info('good')).state === 'connected', 30_000);
    for (const id of ['ext', 'noverify', 'shadow']) {
      const c = await info(id);
      assert.equal(c.state, 'failed', id);
      assert.match(c.error?.message ?? '', /not valid/, id);
    }
    assert.match((await info('ext')).error!.message, /Unknown transport "ext"/);
    assert.match((await info('noverify')).error!.message, /no_verify/);
    assert.equal(existsSync(marker()), false, 'the ext command never ran');
    const saved = JSON.parse(await readFile(join(dir, 'config', 'connections.json'), 'utf8')) as { connections: { id: string }[] };
    assert.deepEqual(
      saved.connections.map((c) => c.id),
      ['ext', 'noverify', 'shadow', 'good'],
      'invalid entries are kept',
    );
  });

  it('refuses to open an invalid saved entry on request too (the manager’s open path checks again)', async () => {
    await assert.rejects(async () => backend.api.connections.open({ id: 'ext' }), refusal('invalid-input'));
    assert.equal(existsSync(marker()), false);
  });

  it('test:///PATH: /etc/shadow, /proc/self/environ, a FIFO, a link out and a file outside the allowed directories never reach libvirt', async () => {
    // The saved 'shadow' entry would make adding test:///etc/shadow a duplicate, refused for that alone.
    await backend.api.connections.remove({ id: 'shadow' });
    const allowed = join(dir, 'allowed');
    execFileSync('mkfifo', [join(allowed, 'fifo.xml')]);
    await symlink('/etc/shadow', join(allowed, 'shadow.xml'));
    await writeFile(join(dir, 'outside.xml'), '<node/>');
    for (const uri of ['test:///etc/shadow', 'test:///proc/self/environ', `test://${allowed}/fifo.xml`, `test://${allowed}/shadow.xml`, `test://${dir}/outside.xml`]) {
      const added = await Promise.resolve()
        .then(() => backend.api.connections.add({ spec: { uri, autoconnect: false } }))
        .catch((e: unknown) => e);
      if (added instanceof ApiError) {
        assert.equal(added.code, 'invalid-input', uri);
        assert.doesNotMatch(added.message, /exists already/, uri);
        continue;
      }
      const id = (added as ConnectionInfo).id;
      await assert.rejects(async () => backend.api.connections.open({ id }), refusal('invalid-input'), uri);
      await backend.api.connections.remove({ id });
    }
  });

  it('does not echo libvirt’s parse error for a test-driver file (it quotes the file)', async () => {
    const file = join(dir, 'allowed', 'secret.xml');
    await writeFile(file, 'SECRET-LINE-42 not xml\n');
    const c = await backend.api.connections.add({ spec: { uri: `test://${file}`, autoconnect: false } });
    await assert.rejects(async () => backend.api.connections.open({ id: c.id }), refusal('operation-failed', /SECRET-LINE/));
    assert.doesNotMatch(JSON.stringify(await info(c.id)), /SECRET-LINE/);
  });

  it('adds no second connection for the same URI with an empty query', async () => {
    await assert.rejects(async () => backend.api.connections.add({ spec: { uri: 'test:///default?', autoconnect: false } }), refusal('invalid-input'));
  });
});
