// cloud-init user-data and meta-data: built from objects, so hostile strings are refused or
// come back from a YAML parser exactly as given; passwords only as SHA-512 crypt hashes that
// openssl agrees with; real SSH keys from ssh-keygen accepted, broken or disguised ones refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { templates } from '../../electron/common/messages/messages.js';
import {
  CloudInitInputError,
  metaData,
  parseExtraYaml,
  sha512Crypt,
  userData,
  validateHostname,
  validateSshKey,
  validateUserName,
  type CloudInitField,
} from '../../electron/node/cloud-init/index.js';

const HOSTILE = ['a\nb', 'a: b', '#x', '&anchor', '*alias', '!!python/object:os.system', "it's", '"q"', 'a b', '- x', '{x}', '[x]', '%TAG', '@x', '`x`', '\u2028x'];

let tmp: string;
const keys: Record<string, string> = {};

/** A fresh public key line from ssh-keygen. */
function keygen(type: string, bits?: number): string {
  const file = join(tmp, `${type}-${bits ?? 0}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', `tester@${type}`, '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** An assert.throws predicate: a CloudInitInputError about this field whose message matches. */
const refused = (field: CloudInitField, message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof CloudInitInputError, `expected a CloudInitInputError, got ${String(e)}`);
  assert.equal(e.field, field);
  assert.equal(e.code, 'invalid-input');
  // Its own catalog id with parameters (no English sentence passed through as a parameter).
  assert.match(e.messageId, /^cloudInit\./);
  assert.doesNotMatch(templates(e.messageId).message, /^\{\{\w+\}\}$/, e.messageId);
  if (message) assert.match(e.message, message);
  return true;
};

/** Parses generated user-data the way cloud-init does: the #cloud-config line, then YAML. */
function readBack(text: string): Record<string, unknown> {
  assert.ok(text.startsWith('#cloud-config\n'), 'user-data starts with #cloud-config');
  return parse(text) as Record<string, unknown>;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'virtdeck-cloudinit-'));
  keys.ed25519 = keygen('ed25519');
  keys.rsa = keygen('rsa', 2048);
  keys.ecdsa256 = keygen('ecdsa', 256);
  keys.ecdsa384 = keygen('ecdsa', 384);
  keys.ecdsa521 = keygen('ecdsa', 521);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('cloud-init: SHA-512 crypt', () => {
  it('equals openssl passwd -6 for the same salt', () => {
    for (const [pw, salt] of [
      ['secret', 'abcdefgh'],
      ['p: #&*!!python/object \'x\' "y"', 'saltsaltsaltsalt'],
      ['pässwörd ✓', 'Z./9'],
      ['x'.repeat(200), 'q'],
    ]) {
      const theirs = execFileSync('openssl', ['passwd', '-6', '-salt', salt!, pw!]).toString().trim();
      assert.equal(sha512Crypt(pw!, salt), theirs);
    }
  });

  it('writes rounds= when asked, as glibc reads it', () => {
    // glibc's own answer for crypt("secret", "$6$rounds=1234$abc$").
    assert.equal(sha512Crypt('secret', 'abc', 1234), '$6$rounds=1234$abc$O3ZOa0XiEWN0HewyM3s5mh16Zs29hmX3DWLNjonHRN//nTlr0lwJJMRhAJl66.NpDwazhmHN3f756IRDgrSzs.');
  });

  it('draws a new 16-character salt each time', () => {
    const a = sha512Crypt('same');
    const b = sha512Crypt('same');
    assert.notEqual(a, b);
    assert.match(a, /^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  });
});

describe('cloud-init: validation', () => {
  it('accepts POSIX user names up to 32 characters', () => {
    for (const ok of ['alice', '_svc', 'a-b_c9', 'a'.repeat(32)]) assert.equal(validateUserName(ok), ok);
  });

  it('refuses user names with anything else, naming the field', () => {
    for (const bad of ['', 'Alice', '1abc', '-x', 'a'.repeat(33), 'root', 'a.b', ...HOSTILE]) {
      assert.throws(() => validateUserName(bad), refused('user', /^User name: /), JSON.stringify(bad));
    }
  });

  it('accepts RFC 1123 host names', () => {
    for (const ok of ['vm1', 'web-01.example.org', 'A1', `${'a'.repeat(63)}.x`]) assert.equal(validateHostname(ok), ok);
  });

  it('refuses other host names, naming the field', () => {
    for (const bad of ['', '-a', 'a-', 'a..b', '.a', 'a_b', 'a'.repeat(64), `${'a.'.repeat(127)}aa`, '127.0.0.1', ...HOSTILE]) {
      assert.throws(() => validateHostname(bad), refused('hostname', /^Host name: /), JSON.stringify(bad));
    }
  });

  it('accepts real keys of every supported type from ssh-keygen', () => {
    for (const [k, line] of Object.entries(keys)) assert.equal(validateSshKey(line), line, k);
    assert.equal(validateSshKey(`  ${keys.ed25519!.replace(' ', '\t')}  `), keys.ed25519, 'normalized spacing');
    const [type, data] = keys.ed25519!.split(' ');
    assert.equal(validateSshKey(`${type} ${data}`), `${type} ${data}`, 'no comment is fine');
  });

  it('refuses keys that are broken, disguised or carry options or line breaks', () => {
    const [edType, edData] = keys.ed25519!.split(' ') as [string, string];
    const rsaData = keys.rsa!.split(' ')[1]!;
    const cases: [string, RegExp][] = [
      ['', /paste a public key/],
      ['ssh-ed25519', /paste a public key/],
      [`ssh-dss ${edData}`, /not a supported key type/],
      [`command="rm -rf /" ${keys.ed25519}`, /not a supported key type/],
      [`${edType} ${edData.slice(0, -4)}!!!!`, /not valid base64/],
      [`${edType} ${edData.slice(1)}`, /not valid base64|not a ssh-ed25519 key/],
      [`ssh-rsa ${edData}`, /not a ssh-rsa key \(it holds ssh-ed25519\)/],
      [`${edType} ${rsaData}`, /not a ssh-ed25519 key/],
      [`${edType} ${Buffer.from('hello world!').toString('base64')}`, /not a ssh-ed25519 key/],
      [`${keys.ed25519}\nruncmd: [reboot]`, /line breaks/],
      [`${keys.ed25519} bad\u0007bell`, /control characters/],
    ];
    for (const [line, message] of cases) {
      assert.throws(() => validateSshKey(line, 1), refused('sshKeys', message), JSON.stringify(line));
      assert.throws(() => validateSshKey(line, 1), /^Error: SSH key 2: |SSH key 2: /);
    }
  });
});

describe('cloud-init: user-data', () => {
  it('creates the user with a hashed password, keys, sudo and the host name', () => {
    const password = "p: #&*!!python/object 'x'";
    const text = userData({ user: 'alice', password, sshKeys: [keys.ed25519!, keys.rsa!], hostname: 'vm-1' });
    assert.ok(!text.includes(password) && !text.includes('python'), 'the password is nowhere in clear');
    const doc = readBack(text);
    const [user] = doc.users as Record<string, unknown>[];
    const hash = String(user!.hashed_passwd);
    const salt = hash.split('$')[2]!;
    assert.equal(hash, execFileSync('openssl', ['passwd', '-6', '-salt', salt, password]).toString().trim(), 'openssl agrees with the hash');
    assert.deepEqual(doc, {
      hostname: 'vm-1',
      preserve_hostname: false,
      users: [
        {
          name: 'alice',
          sudo: 'ALL=(ALL) NOPASSWD:ALL',
          shell: '/bin/bash',
          lock_passwd: false,
          hashed_passwd: hash,
          ssh_authorized_keys: [keys.ed25519, keys.rsa],
        },
      ],
      ssh_pwauth: true,
      chpasswd: { expire: false },
    });
  });

  it('locks the password when only keys are given, and refuses an account nobody can sign in to', () => {
    const doc = readBack(userData({ user: 'bob', sshKeys: [keys.ecdsa256!] }));
    const [user] = doc.users as Record<string, unknown>[];
    assert.equal(user!.lock_passwd, true);
    assert.equal(user!.hashed_passwd, undefined);
    assert.equal(doc.ssh_pwauth, undefined);
    assert.equal(doc.hostname, undefined);
    assert.throws(() => userData({ user: 'bob' }), refused('password', /password or an SSH public key/));
    assert.throws(() => userData({ user: 'bob', sshKeys: ['  '] }), refused('password'));
    assert.throws(() => userData({ user: 'bob', password: '' }), refused('password'));
    assert.throws(() => userData({ user: 'bob', password: 'a\nb' }), refused('password', /line breaks/));
  });

  it('refuses hostile user names, host names and keys before writing anything', () => {
    for (const bad of HOSTILE) {
      assert.throws(() => userData({ user: bad, password: 'x' }), refused('user'));
      assert.throws(() => userData({ user: 'ok', password: 'x', hostname: bad }), refused('hostname'));
      assert.throws(() => userData({ user: 'ok', sshKeys: [bad] }), refused('sshKeys'));
    }
  });

  it('carries hostile key comments and extra-YAML strings through as plain strings', () => {
    const comment = 'me: #not-a-comment &a *a !!python/object:os.system {x} [y] \'q\' "d" %TAG @at `b`';
    const key = `${keys.ed25519!.split(' ').slice(0, 2).join(' ')} ${comment}`;
    const extra = 'write_files:\n  - path: /etc/motd\n    content: "a: b\\n#c &d *e !!python/object"\n';
    const doc = readBack(userData({ user: 'carol', sshKeys: [key], extraYaml: extra }));
    assert.deepEqual((doc.users as Record<string, unknown>[])[0]!.ssh_authorized_keys, [key]);
    assert.deepEqual(doc.write_files, [{ path: '/etc/motd', content: 'a: b\n#c &d *e !!python/object' }]);
  });

  it('round-trips any printable key comment and any extra-YAML string value (property)', () => {
    const base = keys.ed25519!.split(' ').slice(0, 2).join(' ');
    const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !/[\s\p{C}]/u.test(s));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 40 }), (words, value) => {
        const key = `${base} ${words.join(' ')}`;
        const extraYaml = `runcmd:\n  - ${JSON.stringify(value)}\n`;
        const doc = readBack(userData({ user: 'dave', sshKeys: [key], extraYaml }));
        assert.deepEqual((doc.users as Record<string, unknown>[])[0]!.ssh_authorized_keys, [key]);
        assert.deepEqual(doc.runcmd, [value]);
      }),
      { numRuns: 200 },
    );
  });

  it('merges extra YAML: new keys added, lists appended after ours', () => {
    const doc = readBack(userData({ user: 'erin', password: 'x', extraYaml: 'packages: [htop]\nusers:\n  - name: second\nchpasswd:\n  list: []\n' }));
    assert.deepEqual(doc.packages, ['htop']);
    assert.deepEqual(
      (doc.users as Record<string, unknown>[]).map((u) => u.name),
      ['erin', 'second'],
    );
    assert.deepEqual(doc.chpasswd, { expire: false, list: [] });
  });

  it('reports extra-YAML problems with their line and column', () => {
    const cases: [string, RegExp][] = [
      ['packages:\n  - a\n - b: [', /^Extra user-data, line \d+, column \d+: /],
      ['ok: 1\nbad: !!python/object/apply:os.system ["true"]\n', /^Extra user-data, line 2, column 6: Unresolved tag/],
      ['a: 1\na: 2\n', /^Extra user-data, line 2, column 1: .*[Uu]nique/],
      ['- just\n- a list\n', /must be a mapping/],
      ['plain scalar', /must be a mapping/],
      ['hostname: other\n', /sets "hostname", which the form already sets/],
      ['chpasswd:\n  expire: true\n', /sets "chpasswd.expire"/],
    ];
    for (const [yaml, message] of cases) {
      assert.throws(() => userData({ user: 'frank', password: 'x', hostname: 'h', extraYaml: yaml }), refused('extraYaml', message), yaml);
    }
  });

  it('refuses alias bombs and keeps small anchors as plain copies', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const n of 'bcdefgh')
      bomb.push(
        `${n}: &${n} [${Array(10)
          .fill(`*${String.fromCharCode(n.charCodeAt(0) - 1)}`)
          .join(',')}]`,
      );
    assert.throws(() => parseExtraYaml(bomb.join('\n')), refused('extraYaml'));
    const doc = readBack(userData({ user: 'gina', password: 'x', extraYaml: 'bootcmd: &cmds [echo hi]\nruncmd: *cmds\n' }));
    assert.deepEqual(doc.bootcmd, ['echo hi']);
    assert.deepEqual(doc.runcmd, ['echo hi']);
    const text = userData({ user: 'gina', password: 'x', extraYaml: 'bootcmd: &cmds [echo hi]\nruncmd: *cmds\n' });
    assert.ok(!/[&*]cmds/.test(text), 'no anchors or aliases in what we write');
  });

  it('takes empty extra YAML as nothing', () => {
    assert.deepEqual(parseExtraYaml(''), {});
    assert.deepEqual(parseExtraYaml('   \n# only a comment\n'), {});
  });
});

describe('cloud-init: meta-data', () => {
  it('holds the instance id and host name', () => {
    assert.deepEqual(parse(metaData({ instanceId: 'iid-virtdeck-1', hostname: 'vm-1' })), { 'instance-id': 'iid-virtdeck-1', 'local-hostname': 'vm-1' });
    assert.deepEqual(parse(metaData({ instanceId: 'i-1' })), { 'instance-id': 'i-1' });
  });

  it('refuses hostile instance ids and host names', () => {
    for (const bad of ['', 'x'.repeat(129), ...HOSTILE]) assert.throws(() => metaData({ instanceId: bad }), refused('instanceId'));
    assert.throws(() => metaData({ instanceId: 'i', hostname: 'a: b' }), refused('hostname'));
  });
});
