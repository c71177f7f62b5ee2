// The command lines of the system `ssh` that carries remote consoles: one master per host
// (ControlMaster, its socket in a private directory) and, per console, a client that rides the
// master with `-W host:port`. Always argument arrays for spawn (never a shell), no remote
// command, `--` before the destination. Every value is checked here again even though the
// connection URI and the domain XML were checked before: this is the last stop before ssh.
import { isIP } from 'node:net';
import type { SshTarget } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg, type MessageRef } from '../../common/messages/messages.js';

const SAFE_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,252}$/;
const KEY_FILE = /^\/[A-Za-z0-9._/@+-]{1,255}$/;
/** Far-side socket paths: no ':' (ssh's -L separator), no whitespace, no '..'. */
const SOCKET_PATH = /^\/[A-Za-z0-9._/+-]{1,200}$/;
/** Local paths Virtdeck makes itself (its private directory). */
const LOCAL_PATH = /^\/[A-Za-z0-9._/+-]{1,100}$/;

function refuse(what: MessageRef): never {
  throw new ApiError('invalid-input', what);
}

/** Options that keep our ssh from asking, trusting unknown keys or carrying the user's forwards. */
const COMMON = [
  'BatchMode=yes', // no prompts: the tunnel signs in with the agent or an unencrypted key
  'StrictHostKeyChecking=yes', // the connection already put the host's key in known_hosts
  'ClearAllForwardings=yes', // LocalForward/RemoteForward of ~/.ssh/config are not ours to open
  'ForwardAgent=no',
  'ForwardX11=no',
  'PermitLocalCommand=no',
].flatMap((o) => ['-o', o]);

/** `-p`, `-l`, `-i` as libvirt passes them for the same URI, so ~/.ssh/config matches alike. */
export function targetArgs(t: SshTarget): string[] {
  if (!SAFE_NAME.test(t.host) && !(isIP(t.host) === 6)) refuse(msg('sshArgs.host', { host: JSON.stringify(t.host) }));
  if (t.user !== undefined && !SAFE_NAME.test(t.user)) refuse(msg('sshArgs.user', { user: JSON.stringify(t.user) }));
  if (t.port !== undefined && (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)) refuse(msg('sshArgs.port'));
  if (t.keyFile !== undefined && (!KEY_FILE.test(t.keyFile) || t.keyFile.includes('..'))) refuse(msg('sshArgs.keyFile'));
  return [...(t.port ? ['-p', String(t.port)] : []), ...(t.user ? ['-l', t.user] : []), ...(t.keyFile ? ['-i', t.keyFile] : [])];
}

function checkControlPath(p: string): void {
  if (!LOCAL_PATH.test(p) || p.includes('..')) refuse(msg('sshArgs.controlPath'));
}

/** `host:port` for `-W`, with IPv6 in brackets; only IP literals and real ports pass. */
export function forwardSpec(host: string, port: number): string {
  const family = isIP(host);
  if (family === 0) refuse(msg('sshArgs.forwardHost', { host: JSON.stringify(host) }));
  if (!Number.isInteger(port) || port < 1 || port > 65535) refuse(msg('sshArgs.forwardPort', { port: JSON.stringify(port) }));
  return family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A socket path on the far side that may follow `-L local:`. */
export function checkRemoteSocket(path: string): string {
  if (!SOCKET_PATH.test(path) || path.includes('..')) refuse(msg('sshArgs.socket', { path: JSON.stringify(path) }));
  return path;
}

/**
 * The master: signs in once and then only carries the consoles' channels (`-N`, no session,
 * no command). It stays in the foreground as our child so we end it when the connection closes.
 */
export function masterArgv(t: SshTarget, controlPath: string): string[] {
  checkControlPath(controlPath);
  const opts = ['ControlMaster=yes', 'ControlPersist=no', 'SessionType=none', 'ForkAfterAuthentication=no', 'ConnectTimeout=15', 'ServerAliveInterval=15', 'ServerAliveCountMax=3'];
  return ['-N', '-S', controlPath, ...opts.flatMap((o) => ['-o', o]), ...COMMON, ...targetArgs(t), '--', t.host];
}

/** One console's channel through the master: stdin/stdout are the display's byte stream. */
export function stdioForwardArgv(t: SshTarget, controlPath: string, host: string, port: number): string[] {
  checkControlPath(controlPath);
  return ['-S', controlPath, '-o', 'ControlMaster=no', ...COMMON, '-W', forwardSpec(host, port), ...targetArgs(t), '--', t.host];
}

/**
 * Asks the master to listen on a local unix socket (in our private directory) and forward it
 * to a unix socket on the far side (OpenSSH streamlocal forwarding). `-W` cannot be used for
 * sockets: through a master, OpenSSH 9.2 opens a login session for a path instead.
 */
export function socketForwardArgv(t: SshTarget, controlPath: string, op: 'forward' | 'cancel', localPath: string, remotePath: string): string[] {
  checkControlPath(controlPath);
  checkControlPath(localPath);
  return ['-S', controlPath, '-O', op, '-L', `${localPath}:${checkRemoteSocket(remotePath)}`, ...targetArgs(t), '--', t.host];
}
