// ssh's questions in the UI: an unknown host key with its fingerprint, a password (a wrong one
// first), a key passphrase, cancelling, and a changed host key refused. The server runs from a
// shell on a terminal of its own, as when a user types `npm run serve`: ssh must still ask in
// the app, not on that terminal. The host is an sshd of the test's own with fresh host keys.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestSshd, type TestSshd } from '../support/test-sshd.js';
import { artifacts, startApp, type App } from './support.js';

const USER = 'virtdeck-test';
const HOME = `/home/${USER}`;

describe('SSH questions in the UI (browser mode, Chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtdeck-ssh-'));
  const password = randomBytes(12).toString('base64url');
  const passphrase = randomBytes(12).toString('base64url');
  const keyFile = join(dir, 'id_passphrase');
  let sshd: TestSshd;
  let app: App;
  let uri: string;

  before(async () => {
    execFileSync('chpasswd', { input: `${USER}:${password}\n` });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'virtdeck-passphrase-test', '-f', keyFile]);
    mkdirSync(`${HOME}/.ssh`, { recursive: true, mode: 0o700 });
    writeFileSync(`${HOME}/.ssh/authorized_keys`, execFileSync('cat', [`${keyFile}.pub`]));
    const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }));
    chownSync(`${HOME}/.ssh`, uid, uid);
    chownSync(`${HOME}/.ssh/authorized_keys`, uid, uid);
    chmodSync(`${HOME}/.ssh/authorized_keys`, 0o600);
    sshd = await startTestSshd(join(dir, 'sshd'));
    uri = `qemu+ssh://${USER}@127.0.0.1:${sshd.port}/session`;
    app = await startApp({ terminal: true });
  });
  after(async () => {
    await app?.close();
    await sshd?.stop();
    execFileSync('ssh-keygen', ['-R', `[127.0.0.1]:${sshd.port}`], { stdio: 'ignore' });
    execFileSync('passwd', ['-l', USER], { stdio: 'ignore' });
    execFileSync('rm', ['-rf', `${HOME}/.ssh`, dir]);
  });

  const addConnection = async (u: string) => {
    const p = app.page;
    await p.getByRole('button', { name: 'Add Connection…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Add Connection' });
    await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'Custom URI' });
    await dialog.getByLabel('URI', { exact: true }).fill(u);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    return p.getByTestId(`connection-${u}`);
  };

  it('shows an unknown host key with its fingerprint, then asks for the password again after a wrong one', async () => {
    const p = app.page;
    const conn = await addConnection(uri);
    const hostKey = p.getByRole('dialog', { name: 'Unknown SSH host key' });
    await hostKey.waitFor({ timeout: 30_000 });
    assert.equal(await hostKey.getByText(sshd.fingerprint, { exact: true }).count(), 1, `shows ${sshd.fingerprint}`);
    assert.match((await hostKey.textContent()) ?? '', new RegExp(`127\\.0\\.0\\.1:${sshd.port}`));
    await p.screenshot({ path: join(artifacts, 'ssh-host-key.png') });
    await hostKey.getByRole('button', { name: 'Trust Host Key' }).click();

    const signIn = p.getByRole('dialog', { name: 'SSH sign-in' });
    await signIn.getByLabel('Password', { exact: true }).fill('not-the-password');
    await signIn.getByRole('button', { name: 'Sign In' }).click();
    await signIn.getByRole('alert').filter({ hasText: 'That password was not accepted' }).waitFor({ timeout: 30_000 });
    await p.screenshot({ path: join(artifacts, 'ssh-password-retry.png') });
    await signIn.getByLabel('Password', { exact: true }).fill(password);
    await signIn.getByRole('button', { name: 'Sign In' }).click();
    await conn.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
    const known = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`], { encoding: 'utf8' });
    assert.match(known, /ssh-ed25519/, 'the trusted key is in known_hosts');
  });

  it('ends the sign-in when the user cancels, and says so', async () => {
    const p = app.page;
    const conn = p.getByTestId(`connection-${uri}`);
    await conn.getByRole('button', { name: 'Disconnect' }).click();
    await conn.getByRole('button', { name: 'Connect' }).click();
    const signIn = p.getByRole('dialog', { name: 'SSH sign-in' });
    await signIn.getByLabel('Password', { exact: true }).waitFor({ timeout: 30_000 });
    await signIn.getByRole('button', { name: 'Cancel' }).click();
    await conn.getByText('Failed', { exact: true }).waitFor({ timeout: 30_000 });
    await conn.getByText(/Signing in to 127\.0\.0\.1 was cancelled/).waitFor();
    assert.equal(await signIn.count(), 0, 'no second question after cancelling');
  });

  it('asks for the passphrase of a key file', async () => {
    const p = app.page;
    const conn = await addConnection(`${uri}?keyfile=${keyFile}`);
    const unlock = p.getByRole('dialog', { name: 'SSH key passphrase' });
    await unlock.waitFor({ timeout: 30_000 });
    assert.match((await unlock.textContent()) ?? '', new RegExp(keyFile.replace(/[.]/g, '\\.')));
    await unlock.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await unlock.getByRole('button', { name: 'Sign In' }).click();
    await conn.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
  });

  it('refuses a host whose key changed, without asking', async () => {
    const p = app.page;
    const conn = p.getByTestId(`connection-${uri}`);
    await sshd.changeHostKey();
    await conn.getByRole('button', { name: 'Reconnect' }).click();
    await conn.getByText(/host key of virtdeck-test@127\.0\.0\.1:\d+ has changed/).waitFor({ timeout: 30_000 });
    assert.match((await conn.textContent()) ?? '', new RegExp(sshd.fingerprint.replace(/[+/.]/g, '\\$&')));
    assert.equal(await p.getByRole('dialog').count(), 0, 'no question was asked');
    await p.screenshot({ path: join(artifacts, 'ssh-host-key-changed.png') });
  });
});
