// What ssh's stderr means for a console, in words for the console view: the host cannot be
// reached, ssh could not sign in, the host key is not the known one, or the far side refused
// the display's port.
import type { SshTarget } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
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
    return new ApiError('host-key-changed', msg('consoleSsh.hostKey', { host, detail: line }));
  }
  if (/Permission denied|Too many authentication failures|Authentication failed|no more authentication methods/i.test(stderr)) {
    return new ApiError('not-connected', msg('consoleSsh.signIn', { host, detail: line }));
  }
  if (
    /Connection refused|Connection timed out|timed out|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Connection closed|Connection reset/i.test(
      stderr,
    )
  ) {
    return new ApiError('not-connected', msg('consoleSsh.unreachable', { host, detail: line }));
  }
  return new ApiError('operation-failed', msg('consoleSsh.failed', { host, detail: line }));
}

/** A console's channel failed: the far side refused the display, or forwarding is off. */
export function channelFailure(t: SshTarget, where: string, stderr: string): ApiError {
  const host = describeTarget(t);
  const line = lastSshLine(stderr);
  if (/administratively prohibited|forwarding (is )?disabled/i.test(stderr)) {
    return new ApiError('operation-failed', msg('consoleSsh.noForwarding', { host, where, detail: line }));
  }
  if (/open failed|connect failed|Connection refused|forwarding request failed|refused by peer/i.test(stderr) || stderr.trim() === '') {
    return new ApiError('operation-failed', line ? msg('consoleSsh.refusedDetail', { host, where, detail: line }) : msg('consoleSsh.refused', { host, where }));
  }
  return new ApiError('operation-failed', msg('consoleSsh.tunnelFailed', { host, detail: line }));
}
