// NoCloud user-data and meta-data, built as objects and written by the yaml library (never
// by joining strings), so a user's value can only ever be a quoted scalar. The password is
// stored as a SHA-512 crypt hash: the seed image never holds it in clear.
import { isMap, parseDocument, stringify, type YAMLError } from 'yaml';
import { msg } from '../../common/messages/messages.js';
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

/** The first problem yaml found, in its own words, with its line and column where known. */
function yamlProblem(err: YAMLError): CloudInitInputError {
  const pos = err.linePos?.[0];
  const problem = err.message.split(' at line ')[0]!.split('\n')[0]!;
  return new CloudInitInputError('extraYaml', pos ? msg('cloudInit.yaml.syntaxAt', { line: pos.line, column: pos.col, problem }) : msg('cloudInit.yaml.syntax', { problem }));
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
  if (problem) throw yamlProblem(problem);
  if (doc.contents !== null && !isMap(doc.contents)) throw new CloudInitInputError('extraYaml', msg('cloudInit.yaml.notMapping'));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new CloudInitInputError('extraYaml', msg('cloudInit.yaml.unreadable', { problem: (err as Error).message }));
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
      throw new CloudInitInputError('extraYaml', msg('cloudInit.yaml.clash', { key: here.join('.') }));
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
    throw new CloudInitInputError('password', msg('cloudInit.password.empty'));
  }
  if (opts.password !== undefined && /[\r\n\0]/.test(opts.password)) {
    throw new CloudInitInputError('password', msg('cloudInit.password.lineBreak'));
  }
  if (opts.password === undefined && keys.length === 0) {
    throw new CloudInitInputError('password', msg('cloudInit.password.noLogin'));
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
