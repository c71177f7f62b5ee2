// What the cloud-init form accepts. Each refusal names the field and says what would be
// accepted, so the wizard can show it beside that field as it is.
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';

export type CloudInitField = 'user' | 'password' | 'sshKeys' | 'hostname' | 'extraYaml' | 'instanceId' | 'files' | 'volumeId';

/** A value the user gave that cloud-init cannot take; `field` says which input it was. */
export class CloudInitInputError extends ApiError {
  constructor(
    readonly field: CloudInitField,
    message: string,
    hint?: string,
  ) {
    // The cloud-init checks still compose their English sentence here (27 of them, with the
    // field's name in it); they travel as one catalog id with that text as a parameter until
    // each gets an id of its own.
    super('invalid-input', hint === undefined ? msg('cloudInit.invalid', { detail: message }) : msg('cloudInit.invalidHint', { detail: message, hint }));
  }
}

const USER = /^[a-z_][a-z0-9_-]*$/;
const RESERVED_USERS = new Set(['root', 'daemon', 'bin', 'sys', 'nobody']);

/** A POSIX user name useradd accepts everywhere: [a-z_][a-z0-9_-]*, at most 32 characters. */
export function validateUserName(name: string): string {
  if (!name) throw new CloudInitInputError('user', 'User name: enter the name of the account to create in the guest.');
  if (name.length > 32) throw new CloudInitInputError('user', `User name: at most 32 characters (this one has ${name.length}).`);
  if (!USER.test(name)) {
    throw new CloudInitInputError('user', 'User name: use lower-case letters, digits, "_" and "-", starting with a letter or "_".');
  }
  if (RESERVED_USERS.has(name)) {
    throw new CloudInitInputError('user', `User name: "${name}" already exists in every image; choose another name (the new user gets sudo).`);
  }
  return name;
}

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, ≤ 63 each, ≤ 253 in all. */
export function validateHostname(name: string): string {
  const what = 'Host name: use letters, digits and hyphens (not at the start or end of a part), parts separated by dots';
  if (!name) throw new CloudInitInputError('hostname', `${what}.`);
  if (name.length > 253) throw new CloudInitInputError('hostname', `Host name: at most 253 characters (this one has ${name.length}).`);
  const labels = name.split('.');
  for (const label of labels) {
    if (label.length > 63) throw new CloudInitInputError('hostname', `Host name: each part is at most 63 characters ("${label.slice(0, 20)}…" is longer).`);
    if (!LABEL.test(label)) throw new CloudInitInputError('hostname', `${what}; "${printable(label)}" is not one.`);
  }
  if (/^\d+$/.test(labels.at(-1)!)) throw new CloudInitInputError('hostname', 'Host name: the last part cannot be all digits (it would read as an IP address).');
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
  const which = `SSH key ${index + 1}`;
  if (/[\r\n\0]/.test(line)) throw new CloudInitInputError('sshKeys', `${which}: one key per line; a key cannot contain line breaks.`);
  const parts = line.trim().split(/[ \t]+/);
  const [type, data, ...comment] = parts;
  if (!type || !data) {
    throw new CloudInitInputError('sshKeys', `${which}: paste a public key like "ssh-ed25519 AAAA… user@host" (the contents of ~/.ssh/id_ed25519.pub).`);
  }
  if (!KEY_TYPES.has(type)) {
    throw new CloudInitInputError(
      'sshKeys',
      `${which}: "${printable(type)}" is not a supported key type; use ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521 or a security-key (sk-) type.`,
    );
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) {
    throw new CloudInitInputError('sshKeys', `${which}: the key data after "${type}" is not valid base64; copy the whole line from the .pub file.`);
  }
  const blob = Buffer.from(data, 'base64');
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  const inner = len > 0 && len <= 64 && blob.length >= 4 + len ? blob.toString('latin1', 4, 4 + len) : undefined;
  if (inner !== type) {
    throw new CloudInitInputError(
      'sshKeys',
      `${which}: the key data is not a ${type} key${inner ? ` (it holds ${printable(inner)})` : ''}; copy the whole line from the .pub file.`,
    );
  }
  if (comment.some((c) => /[\p{C}]/u.test(c))) throw new CloudInitInputError('sshKeys', `${which}: the comment holds control characters.`);
  return [type, data, ...comment].join(' ');
}

/** A NoCloud instance id: printable, no spaces, at most 128 characters. */
export function validateInstanceId(id: string): string {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(id)) {
    throw new CloudInitInputError('instanceId', 'Instance id: 1 to 128 letters, digits, ".", "_", ":" or "-".');
  }
  return id;
}
