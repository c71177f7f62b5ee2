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

function decode(what: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    invalid(msg('uri.badEscape', { what }));
  }
}

/** A path with no "." or ".." segment (they would leave the directory the value names). */
const hasDotSegment = (path: string) => path.split('/').some((seg) => seg === '.' || seg === '..');

/** The test driver's file: /default, or an absolute path to a .xml file (checked on disk before libvirt sees it). */
const TEST_FILE = /^\/[A-Za-z0-9._/@+-]{1,1024}\.xml$/;

/**
 * Returns the URI if Virtdeck accepts it, in one canonical form (no empty query), else throws
 * ApiError('invalid-input') saying why. Every URI that reaches libvirt passed this (the
 * connection manager calls it again in its open path, also for saved connections).
 */
export function validateUri(input: string): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > 2048) invalid(msg('uri.length'));
  // A trailing "?" (no parameters) names the same connection as none.
  const uri = input.replace(/\?$/, '');
  // "&" separates parameters: allowed in the query only, where every value is checked below.
  const q = uri.indexOf('?');
  const [head, rawQuery] = q < 0 ? [uri, undefined] : [uri.slice(0, q), uri.slice(q + 1)];
  if (/[\s\0\\'"`$;&|<>(){}]/.test(head) || (rawQuery !== undefined && /[\s\0\\'"`$;|<>(){}?#]/.test(rawQuery))) {
    invalid(msg('uri.shellChars'));
  }
  const m = /^([a-z0-9]+)(?:\+([a-z0-9]+))?:\/\/(?:([^@/?#]*)@)?([^/?#:]*|\[[^\]]*\])(?::(\d+))?(\/[^?#]*)?(?:\?([^#]*))?$/.exec(uri);
  if (!m) invalid(msg('uri.notUri', { uri: JSON.stringify(uri) }));
  const [, driver, transport, user, host, port, path, query] = m;
  if (!DRIVERS.has(driver!)) invalid(msg('uri.driver', { driver: driver! }));
  if (transport && !TRANSPORTS.has(transport)) invalid(msg('uri.transport', { transport }));
  if (user !== undefined) checkName('user', decode('user', user));
  if (host) checkName('host', decode('host', host));
  if (transport && transport !== 'unix' && !host) invalid(msg('uri.needsHost'));
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) invalid(msg('uri.port'));
  if (driver === 'test') {
    const file = path ?? '';
    if (file !== '/default') {
      if (transport || host) invalid(msg('uri.testRemote'));
      if (!TEST_FILE.test(file) || hasDotSegment(file)) invalid(msg('uri.testFile', { file: JSON.stringify(file) }));
    }
  } else if (path !== undefined && (!/^\/[A-Za-z0-9._/-]*$/.test(path) || hasDotSegment(path))) {
    invalid(msg('uri.path', { path: JSON.stringify(path) }));
  }
  if (query) {
    const seen = new Set<string>();
    for (const pair of query.split('&')) {
      if (pair === '') invalid(msg('uri.emptyParam'));
      const eq = pair.indexOf('=');
      const key = decode('parameter name', eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decode(`value of "${key}"`, pair.slice(eq + 1));
      const rule = ALLOWED_PARAMS.get(key);
      if (!rule) invalid(msg('uri.param', { key, allowed: [...ALLOWED_PARAMS.keys()].join(', ') }));
      if (seen.has(key)) invalid(msg('uri.paramTwice', { key }));
      seen.add(key);
      if (!rule.test(value) || (key === 'keyfile' && hasDotSegment(value))) invalid(msg('uri.paramValue', { key }));
    }
  }
  return uri;
}

/** The test driver's file path of a `test:///PATH` URI other than /default; null otherwise. */
export function testDriverFile(uri: string): string | null {
  const m = /^test:\/\/(\/[^?#]*)/.exec(uri);
  return m && m[1] !== '/default' ? m[1]! : null;
}

/** Where the system `ssh` goes for a `+ssh` URI, as libvirt will run it; null for other transports. */
export function sshTarget(uri: string): SshTarget | null {
  const m = /^[a-z0-9]+\+ssh:\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/?#:[]*)(?::(\d+))?(?:\/[^?#]*)?(?:\?([^#]*))?$/.exec(uri);
  if (!m || !m[2]) return null;
  const [, user, host, port, query] = m;
  const kf = (query ?? '').split('&').find((pair) => pair.startsWith('keyfile='));
  const keyFile = kf ? decodeURIComponent(kf.slice('keyfile='.length)) : undefined;
  return {
    host: decodeURIComponent(host).replace(/^\[(.*)\]$/, '$1'),
    ...(port ? { port: Number(port) } : {}),
    ...(user ? { user: decodeURIComponent(user) } : {}),
    ...(keyFile ? { keyFile } : {}),
  };
}
