// NoCloud user-data and meta-data, built as objects and written by the yaml library (never
// by joining strings), so a user's value can only ever be a quoted scalar. The password is
// stored as a SHA-512 crypt hash: the seed image never holds it in clear.
import { isMap, parseDocument, stringify, type YAMLError } from 'yaml';
import { sha512Crypt } from './sha512-crypt.js';
import { CloudInitInputError, validateHostname, validateInstanceId, validateSshKey, validateUserName } from './validate.js';

export interface UserDataOptions {
  /** The account to create (it gets passwordless sudo). */
  user: string;
  /** Hashed before it is written; the account is unlocked when given. */
  password?: string;
  /** OpenSSH public key lines. */
  sshKeys?: string[];
  hostname?: string;
  /** More #cloud-config, merged in: new keys added, lists appended, a clash refused. */
  extraYaml?: string;
}

export interface MetaDataOptions {
  instanceId: string;
  hostname?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// Long keys and comments must not be folded across lines (cloud-init would still read them,
// but a seed that is read by eye should show one key per line).
const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/** "line 3, column 5: what" for the first problem yaml found. */
function where(err: YAMLError): string {
  const pos = err.linePos?.[0];
  const what = err.message.split(' at line ')[0]!.split('\n')[0]!;
  return pos ? `line ${pos.line}, column ${pos.col}: ${what}` : what;
}

/**
 * Parses the user's extra cloud-config. It must be one YAML mapping; syntax errors, unknown
 * tags (such as !!python/object) and duplicate keys are refused with their line and column.
 */
export function parseExtraYaml(text: string): JsonObject {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return {};
  const doc = parseDocument(body, { uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    throw new CloudInitInputError('extraYaml', `Extra user-data, ${where(problem)}`, 'Fix the YAML there, or clear the field.');
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new CloudInitInputError('extraYaml', 'Extra user-data must be a mapping of cloud-config keys (such as "packages:" or "runcmd:").');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new CloudInitInputError('extraYaml', `Extra user-data: ${(err as Error).message}`);
  }
  return isObject(value) ? value : {};
}

/** Adds extra into base: new keys, lists appended, mappings merged; the same scalar set twice is a clash. */
function merge(base: JsonObject, extra: JsonObject, path: string[] = []): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    if (k === '__proto__') continue;
    const here = [...path, k];
    const mine = out[k];
    if (mine === undefined) out[k] = v;
    else if (Array.isArray(mine) && Array.isArray(v)) out[k] = [...mine, ...v];
    else if (isObject(mine) && isObject(v)) out[k] = merge(mine, v, here);
    else {
      throw new CloudInitInputError('extraYaml', `Extra user-data sets "${here.join('.')}", which the form already sets; change it in the form or remove it from the YAML.`);
    }
  }
  return out;
}

/** The cloud-config object (before YAML), validated. Exposed for tests and the wizard's summary. */
export function userDataObject(opts: UserDataOptions): JsonObject {
  const name = validateUserName(opts.user);
  const keys = (opts.sshKeys ?? [])
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k, i) => validateSshKey(k, i));
  if (opts.password !== undefined && opts.password.length === 0) {
    throw new CloudInitInputError('password', 'Password: leave it out, or enter at least one character.');
  }
  if (opts.password !== undefined && /[\r\n\0]/.test(opts.password)) {
    throw new CloudInitInputError('password', 'Password: line breaks cannot be typed at a login prompt; remove them.');
  }
  if (opts.password === undefined && keys.length === 0) {
    throw new CloudInitInputError('password', 'Give a password or an SSH public key, or nobody can sign in to the new user.');
  }
  const user: JsonObject = {
    name,
    sudo: 'ALL=(ALL) NOPASSWD:ALL',
    shell: '/bin/bash',
    lock_passwd: opts.password === undefined,
  };
  if (opts.password !== undefined) user.hashed_passwd = sha512Crypt(opts.password);
  if (keys.length) user.ssh_authorized_keys = keys;

  const config: JsonObject = {};
  if (opts.hostname !== undefined && opts.hostname !== '') {
    config.hostname = validateHostname(opts.hostname);
    config.preserve_hostname = false;
  }
  config.users = [user];
  if (opts.password !== undefined) {
    // Signing in with the password is the point of giving one: allow it over ssh too, and do
    // not force a change at first sign-in.
    config.ssh_pwauth = true;
    config.chpasswd = { expire: false };
  }
  return opts.extraYaml ? merge(config, parseExtraYaml(opts.extraYaml)) : config;
}

/** The user-data file: "#cloud-config" and the YAML of userDataObject(opts). */
export function userData(opts: UserDataOptions): string {
  return `#cloud-config\n${stringify(userDataObject(opts), YAML_OPTIONS)}`;
}

/** The meta-data file of a NoCloud seed: instance id (a new one makes cloud-init run again) and host name. */
export function metaData(opts: MetaDataOptions): string {
  const meta: JsonObject = { 'instance-id': validateInstanceId(opts.instanceId) };
  if (opts.hostname) meta['local-hostname'] = validateHostname(opts.hostname);
  return stringify(meta, YAML_OPTIONS);
}
