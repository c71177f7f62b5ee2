// Before libvirt runs ssh for a connection, ask ssh itself whether the host's key is the one in
// known_hosts. ssh's default ("ask") only warns about a changed key and goes on with key
// authentication, so a changed key could otherwise pass unnoticed; here it stops the connection.
// No authentication is attempted: the check costs one key exchange.
import { execFile } from 'node:child_process';
import type { SshTarget } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { describeTarget } from './ssh-prompt.js';

export type HostKeyStatus = 'known' | 'unknown' | 'changed' | 'unreachable';

const NO_AUTH = [
  'BatchMode=yes',
  'StrictHostKeyChecking=yes',
  'PubkeyAuthentication=no',
  'PasswordAuthentication=no',
  'KbdInteractiveAuthentication=no',
  'GSSAPIAuthentication=no',
  'HostbasedAuthentication=no',
  'ConnectTimeout=15',
].flatMap((o) => ['-o', o]);

export function hostKeyStatus(t: SshTarget, ssh = 'ssh'): Promise<{ status: HostKeyStatus; detail: string }> {
  const argv = [...(t.port ? ['-p', String(t.port)] : []), ...(t.user ? ['-l', t.user] : []), ...NO_AUTH, '-T', '--', t.host, 'true'];
  return new Promise((resolve) => {
    execFile(ssh, argv, { timeout: 30_000, windowsHide: true }, (err, _out, stderr) => {
      const text = String(stderr);
      const detail = text.trim().split('\n').slice(-2).join(' ');
      if (/REMOTE HOST IDENTIFICATION HAS CHANGED|has changed and you have requested strict checking/.test(text)) resolve({ status: 'changed', detail: text });
      else if (/No \S+ host key is known for|Host key verification failed/.test(text)) resolve({ status: 'unknown', detail });
      else if (/Permission denied|Too many authentication failures|Authentication failed/.test(text) || !err) resolve({ status: 'known', detail });
      else resolve({ status: 'unreachable', detail });
    });
  });
}

/** Throws when the host's key differs from the known one; anything else is for ssh to handle. */
export async function refuseChangedHostKey(t: SshTarget): Promise<void> {
  const { status, detail } = await hostKeyStatus(t);
  if (status !== 'changed') return;
  const fp = /(SHA256:[A-Za-z0-9+/=]+)/.exec(detail)?.[1];
  const host = t.port && t.port !== 22 ? `[${t.host}]:${t.port}` : t.host;
  throw new ApiError(
    'host-key-changed',
    fp ? msg('ssh.hostKeyChangedTo', { target: describeTarget(t), fingerprint: fp, host }) : msg('ssh.hostKeyChanged', { target: describeTarget(t), host }),
  );
}
