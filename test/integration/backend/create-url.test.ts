// A network install against qemu:///system: the kernel and initrd are fetched from an install
// tree (a local HTTP server of the test's own, laid out as Debian's install.amd), written into
// the pool through libvirt's stream and booted in the install config only; the final config
// boots from the disk, and the fetched files go when the VM first stops. A tree without a kernel
// and a URL that is no install tree fail with words, leaving nothing behind.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../../electron/common/api/errors.js';
import type { VmCreateSpec } from '../../../electron/common/api/vm-create.js';
import { SYSTEM_URI, uniqueName, waitFor } from '../native/support.js';
import { harness, type Harness } from './support.js';
import { purgeCreated, serveInstallTree, type InstallTree } from '../../support/create-fixtures.js';
import { englishMessage } from '../../../electron/common/messages/messages.js';

describe('network install (URL of an install tree) on qemu:///system', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let connection: string;
  let tree: InstallTree;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    tree = await serveInstallTree();
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await h.client.api.connections.open({ id: connection });
  });
  after(async () => {
    await purgeCreated(conn, names);
    await h?.close();
    tree?.close();
    await conn?.close();
  });

  const spec = (name: string, url: string): VmCreateSpec => ({
    connection,
    name,
    source: { kind: 'url', url, kernel: '', initrd: '', cmdline: 'console=ttyS0 quiet' },
    os: 'linux2022',
    memoryMiB: 256,
    vcpus: 1,
    storage: { kind: 'new', pool: 'default', sizeGiB: 0.01, format: 'qcow2' },
    network: { kind: 'none' },
    virtType: 'qemu',
  });
  const volumes = async (name: string) => {
    const pool = await conn.storagePoolLookupByName('default');
    await pool.refresh();
    return (await Promise.all((await pool.listAllVolumes()).map((v) => v.name()))).filter((v) => v.startsWith(`${name}.`) || v.startsWith(`${name}-`)).sort();
  };

  it('fetches the tree’s kernel and initrd, boots them for the install only, and deletes them at the first stop', async () => {
    const name = uniqueName('create-url');
    names.push(name);
    const messages: string[] = [];
    const off = h.client.on('job.progressed', (e) => messages.push(englishMessage(e.message)));
    await h.client.api.vmCreate.run({ job: `job-${name}`, spec: spec(name, `${tree.base}/debian/`) });
    off();
    assert.ok(
      messages.some((m) => /Fetching the kernel and initrd from 127\.0\.0\.1/.test(m)),
      messages.join('\n'),
    );
    assert.ok(tree.requests.includes('/debian/install.amd/vmlinuz') && tree.requests.includes('/debian/install.amd/initrd.gz'));
    assert.deepEqual(await volumes(name), [`${name}-initrd.boot`, `${name}-kernel.boot`, `${name}.qcow2`]);
    const dom = await conn.lookupByName(name);
    const live = await dom.XMLDesc();
    assert.match(live, new RegExp(`<kernel>/var/lib/libvirt/images/${name}-kernel\\.boot</kernel>`));
    assert.match(live, new RegExp(`<initrd>/var/lib/libvirt/images/${name}-initrd\\.boot</initrd>`));
    const persistent = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    assert.doesNotMatch(persistent, /<kernel>|<initrd>|<cmdline>/);
    assert.match(persistent, /<boot dev='hd'\/>/);
    await dom.destroy();
    await waitFor('the fetched files to be deleted', async () => (await volumes(name)).length === 1, 60_000, 250);
    assert.deepEqual(await volumes(name), [`${name}.qcow2`]);
  });

  it('a tree without a kernel, a server that is not there and a non-http URL fail with words and leave nothing', async () => {
    const name = uniqueName('create-url-404');
    names.push(name);
    await assert.rejects(h.client.api.vmCreate.run({ job: `job-${name}`, spec: spec(name, `${tree.base}/nothing-here/`) }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.match(e.message, /No kernel was found in http:\/\/127\.0\.0\.1:\d+\/nothing-here\/ \(404 at .*install\.amd\/vmlinuz.*\)\. Nothing was left behind\./);
      assert.match(e.hint ?? '', /URL of the install tree itself/);
      return true;
    });
    assert.deepEqual(await volumes(name), []);
    await assert.rejects(conn.lookupByName(name));
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const closedPort = (gone.address() as AddressInfo).port;
    await new Promise((r) => gone.close(r));
    await assert.rejects(
      h.client.api.vmCreate.run({ job: `job-${name}-2`, spec: spec(name, `http://127.0.0.1:${closedPort}/tree/`) }),
      (e: unknown) => e instanceof ApiError && /could not be reached \(ECONNREFUSED\)/.test(e.message) && /network connection/.test(e.hint ?? ''),
    );
    await assert.rejects(
      h.client.api.vmCreate.preview({ spec: spec(name, 'file:///etc/') }),
      (e: unknown) => e instanceof ApiError && /file URLs cannot be install trees/.test(e.message),
    );
    assert.deepEqual(await volumes(name), []);
  });

  it('with no disk, an unreachable install URL names the fetch step, not the disk', async () => {
    const name = uniqueName('create-url-nodisk');
    names.push(name);
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const closedPort = (gone.address() as AddressInfo).port;
    await new Promise((r) => gone.close(r));
    const noDisk: VmCreateSpec = { ...spec(name, `http://127.0.0.1:${closedPort}/tree/`), storage: { kind: 'none' } };
    await assert.rejects(h.client.api.vmCreate.run({ job: `job-${name}`, spec: noDisk }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.match(e.message, /could not be reached \(ECONNREFUSED\)/);
      assert.doesNotMatch(e.message, /disk/i);
      assert.match(e.message, /fetch/i);
      return true;
    });
    assert.deepEqual(await volumes(name), []);
    await assert.rejects(conn.lookupByName(name));
  });

  it('a control character in the kernel command line is invalid input, not an internal error', async () => {
    const name = uniqueName('create-url-ctl');
    for (const cmdline of ['console=ttyS0\u0001', 'quiet\u001b[31m', 'a\u007fb']) {
      const bad: VmCreateSpec = { ...spec(name, `${tree.base}/debian/`), source: { kind: 'url', url: `${tree.base}/debian/`, kernel: '', initrd: '', cmdline } };
      await assert.rejects(h.client.api.vmCreate.preview({ spec: bad }), (e: unknown) => e instanceof ApiError && e.code === 'invalid-input', JSON.stringify(cmdline));
      const direct: VmCreateSpec = { ...bad, source: { kind: 'kernel', kernel: '/boot/vmlinuz', cmdline } };
      await assert.rejects(h.client.api.vmCreate.preview({ spec: direct }), (e: unknown) => e instanceof ApiError && e.code === 'invalid-input', JSON.stringify(cmdline));
    }
    await assert.rejects(conn.lookupByName(name));
  });
});
