// The New VM wizard on a qemu+ssh host (the loopback sshd): an ISO on this machine is uploaded
// into the host's pool with progress, detected there through libvirt's volume download, and
// boots from the CD-ROM to a shell; a cancelled upload leaves no partial volume.
import assert from 'node:assert/strict';
import { open as openFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, uniqueName, waitFor } from '../integration/native/support.js';
import { tinyIso } from '../support/tiny-iso.js';
import { askSerialConsole, walkWizard, wizard } from './create-wizard.js';
import { addConnection, artifacts, sshFields, startApp, type App } from './support.js';

const SSH_PORT = 2222;
const REMOTE = `qemu+ssh://root@127.0.0.1:${SSH_PORT}/system`;

async function poolVolumes(conn: libvirt.Connection): Promise<string[]> {
  const pool = await conn.storagePoolLookupByName('default');
  await pool.refresh();
  return Promise.all((await pool.listAllVolumes()).map((v) => v.path()));
}

describe('New VM wizard on a qemu+ssh host (browser mode, Chromium)', () => {
  let app: App;
  let conn: libvirt.Connection;
  const names: string[] = [];
  const volumes: string[] = [];
  let big: string;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    app = await startApp();
    const remote = await addConnection(app.page, REMOTE, sshFields(SSH_PORT));
    await remote.click();
  });
  after(async () => {
    await app?.close();
    for (const n of names) await purgeDomain(conn, n);
    for (const v of volumes) await (await conn.storageVolLookupByPath(v).catch(() => null))?.delete().catch(() => 0);
    if (big) await rm(big, { force: true });
    await conn?.close();
  });

  it('uploads a local ISO into the remote pool, detects it there, and boots it from the CD-ROM', async () => {
    const name = uniqueName('wiz-remote-iso');
    names.push(name);
    const iso = await tinyIso();
    const p = app.page;
    await p.getByRole('button', { name: 'New VM' }).click();
    const w = wizard(p);
    const upload = w.getByRole('group', { name: 'Upload an ISO from this machine' });
    await upload.getByRole('textbox', { name: 'ISO file on this machine' }).fill(iso);
    await upload.getByRole('button', { name: 'Upload', exact: true }).click();
    const done = upload.getByRole('status').filter({ hasText: /^Uploaded as / });
    await done.waitFor({ timeout: 120_000 });
    const path = /^Uploaded as (.+)\.$/.exec(await done.innerText())?.[1] ?? '';
    assert.ok(path.startsWith('/var/lib/libvirt/images/tiny-guest-'), path);
    volumes.push(path);
    await p.screenshot({ path: join(artifacts, 'create-remote-upload.png') });
    assert.equal(await w.getByRole('textbox', { name: 'ISO image path', exact: true }).inputValue(), path, 'the upload became the install media');
    assert.equal((await (await conn.storageVolLookupByPath(path)).info()).capacity, (await (await openFile(iso)).stat()).size);
    await w.getByRole('button', { name: 'Cancel' }).click();

    // The same wizard, walked with the uploaded volume as the ISO path on the host.
    await walkWizard(p, {
      source: 'Local install media (ISO image)',
      fields: { 'ISO image path': path },
      name,
      virtType: 'QEMU (TCG emulation)',
      shots: 'create-remote',
      onOsStep: async (step) => {
        await step.getByText('Detected from the media: Debian 11').waitFor({ timeout: 60_000 });
      },
    });
    await w.getByRole('button', { name: 'Finish' }).click();
    await p.getByRole('region', { name: `Console of ${name}` }).waitFor({ timeout: 60_000 });
    await askSerialConsole(p, name, 'echo remote-cd-$((6*7))', 'remote-cd-42');
    await p.screenshot({ path: join(artifacts, 'create-remote-serial.png') });
    assert.deepEqual(app.errors, []);
  });

  it('a cancelled upload says so and leaves no partial volume in the pool', async () => {
    // Sparse on this machine, but every byte crosses libvirt's stream: long enough to cancel.
    big = join(app.configDir, '..', `${uniqueName('big')}.iso`);
    const fh = await openFile(big, 'w');
    await fh.truncate(768 * 1024 * 1024);
    await fh.close();
    const p = app.page;
    const back = p.getByRole('region', { name: /^Console of / }).getByRole('button', { name: 'Back' });
    if (await back.isVisible()) await back.click();
    await p.getByRole('button', { name: 'New VM' }).click();
    const w = wizard(p);
    const upload = w.getByRole('group', { name: 'Upload an ISO from this machine' });
    await upload.getByRole('textbox', { name: 'ISO file on this machine' }).fill(big);
    const before = await poolVolumes(conn);
    await upload.getByRole('button', { name: 'Upload', exact: true }).click();
    const bar = upload.getByRole('progressbar', { name: 'Upload progress' });
    await waitFor('some bytes uploaded', async () => Number(await bar.getAttribute('value')) > 0 || null, 60_000, 100);
    await p.screenshot({ path: join(artifacts, 'create-remote-upload-progress.png') });
    await upload.getByRole('button', { name: 'Cancel Upload' }).click();
    await upload
      .getByRole('alert')
      .filter({ hasText: /was cancelled; its partial volume was deleted/ })
      .waitFor({ timeout: 60_000 });
    const after = await poolVolumes(conn);
    assert.deepEqual(
      after.filter((v) => !before.includes(v)),
      [],
      'no new volume is left',
    );
    await w.getByRole('button', { name: 'Cancel' }).click();
  });
});
