// The Jobs panel (browser mode, Chromium): an upload started in the New VM wizard on a
// qemu+ssh host goes on as a job when the wizard closes; the header's Jobs button shows it
// running, the panel shows its progress in bytes, and its Cancel stops it, leaving no volume.
import assert from 'node:assert/strict';
import { open as openFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { SYSTEM_URI, waitFor } from '../integration/native/support.js';
import { wizard } from './create-wizard.js';
import { addConnection, artifacts, sshFields, startApp, type App } from './support.js';

const SSH_PORT = 2222;
const REMOTE = `qemu+ssh://root@127.0.0.1:${SSH_PORT}/system`;

async function poolVolumes(conn: libvirt.Connection): Promise<string[]> {
  const pool = await conn.storagePoolLookupByName('default').catch(() => null);
  if (!pool) return [];
  await pool.refresh();
  return Promise.all((await pool.listAllVolumes()).map((v) => v.name()));
}

describe('Jobs panel (browser mode, Chromium)', () => {
  let app: App;
  let conn: libvirt.Connection;
  let big = '';
  const name = `jobs-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    app = await startApp();
    const remote = await addConnection(app.page, REMOTE, sshFields(SSH_PORT));
    await remote.click();
  });
  after(async () => {
    await app?.close();
    const pool = await conn.storagePoolLookupByName('default').catch(() => null);
    for (const v of pool ? await pool.listAllVolumes() : []) if ((await v.name()).includes(name)) await v.delete().catch(() => 0);
    if (big) await rm(big, { force: true });
    await conn?.close();
  });

  it('shows a running upload with its progress, cancels it from the panel, and nothing is left', async () => {
    // Sparse on this machine, but every byte crosses ssh and libvirt's stream: long enough to cancel.
    big = join(app.configDir, '..', `${name}.iso`);
    const fh = await openFile(big, 'w');
    await fh.truncate(768 * 1024 * 1024);
    await fh.close();
    const p = app.page;
    const jobsButton = p.getByRole('button', { name: /^Jobs/ });
    assert.equal(await jobsButton.innerText(), 'Jobs');

    await p.getByRole('button', { name: 'New VM' }).click();
    const w = wizard(p);
    const upload = w.getByRole('group', { name: 'Upload an ISO from this machine' });
    await upload.getByRole('textbox', { name: 'ISO file on this machine' }).fill(big);
    await upload.getByRole('button', { name: 'Upload', exact: true }).click();
    await waitFor('some bytes uploaded', async () => Number(await upload.getByRole('progressbar', { name: 'Upload progress' }).getAttribute('value')) > 0 || null, 60_000, 100);
    // Closing the wizard leaves the upload running as a job.
    await w.getByRole('button', { name: 'Cancel', exact: true }).click();
    await w.waitFor({ state: 'detached' });

    await p.getByRole('button', { name: 'Jobs (1 running)' }).waitFor();
    // Keyboard: the button is reachable with Tab and opens the panel with Enter.
    await p.getByRole('button', { name: 'Jobs (1 running)' }).focus();
    await p.keyboard.press('Enter');
    const panel = p.getByRole('region', { name: 'Jobs' });
    const job = panel.getByRole('article', { name: `Upload of ${name}.iso into default` });
    await job.waitFor();
    const bar = job.getByRole('progressbar', { name: `Progress of Upload of ${name}.iso into default` });
    assert.equal(await bar.getAttribute('max'), String(768 * 1024 * 1024));
    const first = Number(await bar.getAttribute('value'));
    await waitFor('the bar moves', async () => Number(await bar.getAttribute('value')) > first || null, 60_000, 100);
    await job
      .getByRole('status')
      .filter({ hasText: / of 768 MiB, .*\/s, about .* left$/ })
      .waitFor({ timeout: 30_000 });
    const during = await poolVolumes(conn);
    assert.ok(
      during.some((v) => v.startsWith('.virtdeck-partial-') && v.endsWith(`${name}.iso`)),
      'the bytes go to a partial volume',
    );
    assert.ok(!during.includes(`${name}.iso`), 'nothing under the final name while it runs');
    await p.screenshot({ path: join(artifacts, 'jobs-panel-running.png') });

    await job.getByRole('button', { name: 'Cancel' }).click();
    await job.getByText('Cancelled', { exact: true }).waitFor({ timeout: 60_000 });
    await job.getByText(/was cancelled; its partial volume was deleted\./).waitFor();
    await jobsButton.filter({ hasText: /^Jobs$/ }).waitFor();
    await p.screenshot({ path: join(artifacts, 'jobs-panel-cancelled.png') });
    assert.deepEqual(
      (await poolVolumes(conn)).filter((v) => v.includes(name)),
      [],
      'no volume is left',
    );

    await p.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.deepEqual(app.errors, []);
  });
});
