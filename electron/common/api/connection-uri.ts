// Connection URIs: built from the Add Connection dialog's fields and checked before libvirt
// sees them. libvirt hands parts of a remote URI to ssh, so a host or user that ssh would read
// as an option, or that a shell would split, is refused, and so is any query parameter outside
// a short allowlist (never command=, no_verify=, known_hosts_verify=...).
import type { SshTarget } from './connections.js';
import { ApiError } from './errors.js';
import { msg, type MessageRef } from '../messages/messages.js';

const DRIVERS = new Set(['qemu', 'test', 'xen', 'lxc', 'esx', 'vpx', 'gsx', 'hyperv', 'vbox', 'vz', 'bhyve', 'ch', 'openvz']);
const TRANSPORTS = new Set(['ssh', 'libssh', 'libssh2', 'tls', 'tcp', 'unix']);
/** Query parameters that change nothing a user must not choose. */
const ALLOWED_PARAMS = new Map<string, RegExp>([
  ['keyfile', /^\/[A-Za-z0-9._/@+-]{1,255}$/],
  ['mode', /^(auto|legacy|direct)$/],
  ['proxy', /^(auto|netcat|native)$/],
]);
const SAFE_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,252}$/; // hostnames, IPv4, user names; no leading '-'
const IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

export type Preset =
  | { kind: 'qemu-system' }
  | { kind: 'qemu-session' }
  | { kind: 'ssh'; user?: string; host: string; port?: number; keyFile?: string }
  | { kind: 'xen' }
  | { kind: 'lxc' }
  | { kind: 'test' }
  | { kind: 'custom'; uri: string };

function invalid(what: MessageRef): never {
  throw new ApiError('invalid-input', what);
}

function checkName(what: string, value: string): void {
  if (value.startsWith('-')) invalid(msg('uri.nameDash', { what }));
  if (!SAFE_NAME.test(value) && !(what === 'host' && IPV6.test(value))) {
    invalid(msg('uri.nameChars', { what, value: JSON.stringify(value) }));
  }
}

/** Builds the URI of a preset; every part is checked. */
export function buildUri(p: Preset): string {
  switch (p.kind) {
    case 'qemu-system':
      return 'qemu:///system';
    case 'qemu-session':
      return 'qemu:///session';
    case 'xen':
      return 'xen:///system';
    case 'lxc':
      return 'lxc:///system';
    case 'test':
      return 'test:///default';
    case 'custom':
      return validateUri(p.uri);
    case 'ssh': {
      checkName('host', p.host);
      if (p.user !== undefined && p.user !== '') checkName('user', p.user);
      if (p.port !== undefined && (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)) invalid(msg('uri.port'));
      const auth = p.user ? `${p.user}@` : '';
      const port = p.port !== undefined && p.port !== 22 ? `:${p.port}` : '';
      const query = p.keyFile ? `?keyfile=${encodeURIComponent(p.keyFile)}` : '';
      return validateUri(`qemu+ssh://${auth}${p.host}${port}/system${query}`);
    }
  }
}

/** Returns the URI if Virtdeck accepts it, else throws ApiError('invalid-input') saying why. */
export function validateUri(uri: string): string {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2048) invalid(msg('uri.length'));
  if (/[\s\0\\'"`$;&|<>(){}]/.test(uri)) invalid(msg('uri.shellChars'));
  const m = /^([a-z0-9]+)(?:\+([a-z0-9]+))?:\/\/(?:([^@/?#]*)@)?([^/?#:]*|\[[^\]]*\])(?::(\d+))?(\/[^?#]*)?(?:\?([^#]*))?$/.exec(uri);
  if (!m) invalid(msg('uri.notUri', { uri: JSON.stringify(uri) }));
  const [, driver, transport, user, host, port, path, query] = m;
  if (!DRIVERS.has(driver!)) invalid(msg('uri.driver', { driver: driver! }));
  if (transport && !TRANSPORTS.has(transport)) invalid(msg('uri.transport', { transport }));
  if (user !== undefined) checkName('user', decodeURIComponent(user));
  if (host) checkName('host', decodeURIComponent(host));
  if (transport && transport !== 'unix' && !host) invalid(msg('uri.needsHost'));
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) invalid(msg('uri.port'));
  if (path !== undefined && driver !== 'test' && !/^\/[A-Za-z0-9._/-]*$/.test(path)) invalid(msg('uri.path', { path: JSON.stringify(path) }));
  if (query) {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      const rule = ALLOWED_PARAMS.get(key);
      if (!rule) invalid(msg('uri.param', { key, allowed: [...ALLOWED_PARAMS.keys()].join(', ') }));
      if (!rule.test(value)) invalid(msg('uri.paramValue', { key }));
    }
  }
  return uri;
}

/** Where the system `ssh` goes for a `+ssh` URI, as libvirt will run it; null for other transports. */
export function sshTarget(uri: string): SshTarget | null {
  const m = /^[a-z0-9]+\+ssh:\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/?#:[]*)(?::(\d+))?(?:\/[^?#]*)?(?:\?([^#]*))?$/.exec(uri);
  if (!m || !m[2]) return null;
  const [, user, host, port, query] = m;
  const kf = (query ?? '').split('&').find((pair) => pair.startsWith('keyfile='));
  const keyFile = kf ? decodeURIComponent(kf.slice('keyfile='.length)) : undefined;
  return {
    host: decodeURIComponent(host!).replace(/^\[(.*)\]$/, '$1'),
    ...(port ? { port: Number(port) } : {}),
    ...(user ? { user: decodeURIComponent(user) } : {}),
    ...(keyFile ? { keyFile } : {}),
  };
}
