// What the cloud-init form accepts. Each refusal names the field and says what would be
// accepted, so the wizard can show it beside that field as it is.
import { ApiError } from '../../common/api/errors.js';
import { msg, type MessageId, type MessageRef } from '../../common/messages/messages.js';

export type CloudInitField = 'user' | 'password' | 'sshKeys' | 'hostname' | 'extraYaml' | 'instanceId' | 'files' | 'volumeId';

/** A value the user gave that cloud-init cannot take; `field` says which input it was. */
export class CloudInitInputError extends ApiError {
  constructor(
    readonly field: CloudInitField,
    what: MessageRef<Extract<MessageId, `cloudInit.${string}`>>,
  ) {
    super('invalid-input', what);
  }
}

const USER = /^[a-z_][a-z0-9_-]*$/;
const RESERVED_USERS = new Set(['root', 'daemon', 'bin', 'sys', 'nobody']);

/** A POSIX user name useradd accepts everywhere: [a-z_][a-z0-9_-]*, at most 32 characters. */
export function validateUserName(name: string): string {
  if (!name) throw new CloudInitInputError('user', msg('cloudInit.user.empty'));
  if (name.length > 32) throw new CloudInitInputError('user', msg('cloudInit.user.tooLong', { length: name.length }));
  if (!USER.test(name)) {
    throw new CloudInitInputError('user', msg('cloudInit.user.chars'));
  }
  if (RESERVED_USERS.has(name)) {
    throw new CloudInitInputError('user', msg('cloudInit.user.reserved', { name }));
  }
  return name;
}

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, ≤ 63 each, ≤ 253 in all. */
export function validateHostname(name: string): string {
  if (!name) throw new CloudInitInputError('hostname', msg('cloudInit.hostname.empty'));
  if (name.length > 253) throw new CloudInitInputError('hostname', msg('cloudInit.hostname.tooLong', { length: name.length }));
  const labels = name.split('.');
  for (const label of labels) {
    if (label.length > 63) throw new CloudInitInputError('hostname', msg('cloudInit.hostname.partTooLong', { start: label.slice(0, 20) }));
    if (!LABEL.test(label)) throw new CloudInitInputError('hostname', msg('cloudInit.hostname.badPart', { part: printable(label) }));
  }
  if (/^\d+$/.test(labels.at(-1)!)) throw new CloudInitInputError('hostname', msg('cloudInit.hostname.allDigits'));
  return name;
}

const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** Shows a user's value inside a message without its control characters. */
function printable(s: string, max = 40): string {
  const clean = s.replace(/[\p{C}]/gu, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * One OpenSSH public key line ("type base64 [comment]"), as ssh-keygen writes it. The base64
 * must decode and name the same key type inside. authorized_keys options (from=, command=)
 * are refused: the key is for signing in, not for constraining it here. Returns the key
 * normalized to single spaces.
 */
export function validateSshKey(line: string, index = 0): string {
  const number = index + 1;
  if (/[\r\n\0]/.test(line)) throw new CloudInitInputError('sshKeys', msg('cloudInit.sshKey.lineBreak', { number }));
  const parts = line.trim().split(/[ \t]+/);
  const [type, data, ...comment] = parts;
  if (!type || !data) {
    throw new CloudInitInputError('sshKeys', msg('cloudInit.sshKey.shape', { number }));
  }
  if (!KEY_TYPES.has(type)) {
    throw new CloudInitInputError('sshKeys', msg('cloudInit.sshKey.type', { number, type: printable(type) }));
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) {
    throw new CloudInitInputError('sshKeys', msg('cloudInit.sshKey.base64', { number, type }));
  }
  const blob = Buffer.from(data, 'base64');
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  const inner = len > 0 && len <= 64 && blob.length >= 4 + len ? blob.toString('latin1', 4, 4 + len) : undefined;
  if (inner !== type) {
    throw new CloudInitInputError(
      'sshKeys',
      inner ? msg('cloudInit.sshKey.holdsOther', { number, type, inner: printable(inner) }) : msg('cloudInit.sshKey.notType', { number, type }),
    );
  }
  if (comment.some((c) => /[\p{C}]/u.test(c))) throw new CloudInitInputError('sshKeys', msg('cloudInit.sshKey.comment', { number }));
  return [type, data, ...comment].join(' ');
}

/** A NoCloud instance id: printable, no spaces, at most 128 characters. */
export function validateInstanceId(id: string): string {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(id)) {
    throw new CloudInitInputError('instanceId', msg('cloudInit.instanceId'));
  }
  return id;
}
