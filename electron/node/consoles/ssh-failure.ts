// What ssh's stderr means for a console, in words for the console view: the host cannot be
// reached, ssh could not sign in, the host key is not the known one, or the far side refused
// the display's port.
import type { SshTarget } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { describeTarget } from '../ssh/ssh-prompt.js';

/** ssh's last meaningful line, without debug noise, short enough for a UI line and a log. */
export function lastSshLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(debug\d|Warning: Permanently added|@@@)/.test(l));
  return (lines.at(-1) ?? '').slice(0, 300);
}

/** The master could not start (or died): why, and what to do. */
export function masterFailure(t: SshTarget, stderr: string, code: number | null): ApiError {
  const host = describeTarget(t);
  const line = lastSshLine(stderr) || `ssh exited with ${code ?? 'a signal'}`;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No \S+ host key is known|host key .* has changed/i.test(stderr)) {
    return new ApiError('host-key-changed', `The console was not opened: ssh does not know or trust the host key of ${host} (${line}).`, 'Reconnect the connection to check the host key, then open the console again.');
  }
  if (/Permission denied|Too many authentication failures|Authentication failed|no more authentication methods/i.test(stderr)) {
    return new ApiError(
      'not-connected',
      `SSH refused to sign in to ${host} for the console (${line}).`,
      'The console tunnel signs in without asking questions: load the connection’s key into ssh-agent (ssh-add) or use a key without a passphrase, then open the console again.',
    );
  }
  if (/Connection refused|Connection timed out|timed out|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Connection closed|Connection reset/i.test(stderr)) {
    return new ApiError('not-connected', `Virtdeck could not reach ${host} over SSH for the console (${line}).`, 'Check that the host is up and its SSH server answers, then open the console again.');
  }
  return new ApiError('operation-failed', `ssh to ${host} for the console failed (${line}).`, 'Check that `ssh` to this host works from a terminal, then open the console again.');
}

/** A console's channel failed: the far side refused the display, or forwarding is off. */
export function channelFailure(t: SshTarget, where: string, stderr: string): ApiError {
  const host = describeTarget(t);
  const line = lastSshLine(stderr);
  if (/administratively prohibited|forwarding (is )?disabled/i.test(stderr)) {
    return new ApiError('operation-failed', `The SSH server of ${host} does not allow forwarding, so the display at ${where} cannot be reached (${line}).`, 'Allow it in the host’s sshd_config (AllowTcpForwarding, or AllowStreamLocalForwarding for sockets), or use virt-viewer on the host.');
  }
  if (/open failed|connect failed|Connection refused|forwarding request failed|refused by peer/i.test(stderr) || stderr.trim() === '') {
    return new ApiError('operation-failed', `${host} refused the connection to the VM’s display at ${where}${line ? ` (${line})` : ''}.`, 'The VM may have stopped or its display moved: check that it runs, then Reconnect.');
  }
  return new ApiError('operation-failed', `The console tunnel to ${host} failed (${line}).`, 'Reconnect; if it keeps failing, check that `ssh` to this host works from a terminal.');
}
