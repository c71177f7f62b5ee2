import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ApiError } from '../../electron/common/api/errors.js';
import { buildUri, validateUri } from '../../electron/common/api/connection-uri.js';

const refused = (e: unknown) => e instanceof ApiError && e.code === 'invalid-input' && e.message.length > 0;

describe('connection URIs', () => {
  it('builds the presets', () => {
    assert.equal(buildUri({ kind: 'qemu-system' }), 'qemu:///system');
    assert.equal(buildUri({ kind: 'qemu-session' }), 'qemu:///session');
    assert.equal(buildUri({ kind: 'xen' }), 'xen:///system');
    assert.equal(buildUri({ kind: 'lxc' }), 'lxc:///system');
    assert.equal(buildUri({ kind: 'test' }), 'test:///default');
    assert.equal(buildUri({ kind: 'ssh', user: 'root', host: 'kvm1.example.org' }), 'qemu+ssh://root@kvm1.example.org/system');
    assert.equal(buildUri({ kind: 'ssh', host: '127.0.0.1', port: 2222 }), 'qemu+ssh://127.0.0.1:2222/system');
    assert.equal(buildUri({ kind: 'ssh', user: 'ops', host: 'h', keyFile: '/home/ops/.ssh/id_ed25519' }), 'qemu+ssh://ops@h/system?keyfile=%2Fhome%2Fops%2F.ssh%2Fid_ed25519');
  });

  it('accepts ordinary URIs', () => {
    for (const u of ['qemu:///system', 'test:///default', 'test:///tmp/node.xml', 'qemu+ssh://root@[::1]:2222/system', 'qemu+tls://host/system', 'esx://esx1.example.org/']) {
      assert.equal(validateUri(u), u);
    }
  });

  it('refuses hosts and users that ssh or a shell would misread', () => {
    for (const host of ['-oProxyCommand=touch', 'a b', 'h;touch x', 'h$(id)', 'h`id`', "h'x", 'h|x', 'h&x', 'h\nx', '']) {
      assert.throws(() => buildUri({ kind: 'ssh', host }), refused, host);
    }
    for (const user of ['-l', 'a b', 'u;x', 'u$x']) {
      assert.throws(() => buildUri({ kind: 'ssh', user, host: 'h' }), refused, user);
    }
    assert.throws(() => buildUri({ kind: 'ssh', host: 'h', port: 70000 }), refused);
  });

  it('refuses URI parameters outside the allowlist', () => {
    for (const u of [
      'qemu+ssh://h/system?command=/bin/sh',
      'qemu+ssh://h/system?no_verify=1',
      'qemu+ssh://h/system?known_hosts_verify=ignore',
      'qemu+ssh://h/system?netcat=/tmp/nc',
      'qemu+ssh://h/system?keyfile=relative/key',
      'qemu+ssh://h/system?mode=evil',
      'nosuch:///system',
      'qemu+carrier://h/system',
      'qemu+ssh:///system',
      'not a uri',
    ]) {
      assert.throws(() => validateUri(u), refused, u);
    }
  });

  it('takes two parameters joined by "&", each checked, and no allowlist escape through them', () => {
    assert.equal(validateUri('qemu+ssh://root@h:2222/system?keyfile=/root/.ssh/id_ed25519&mode=direct'), 'qemu+ssh://root@h:2222/system?keyfile=/root/.ssh/id_ed25519&mode=direct');
    for (const u of [
      'qemu+ssh://h/system?no_verify=1&known_hosts_verify=ignore',
      'qemu+ssh://h/system?mode=direct&command=/bin/sh',
      'qemu+ssh://h/system?mode=direct&mode=legacy',
      'qemu+ssh://h/system?mode=direct&&proxy=auto',
      'qemu+ssh://h&x/system',
      'qemu:///system&mode=direct',
    ]) {
      assert.throws(() => validateUri(u), refused, u);
    }
  });

  it('refuses a key file path with "." or ".." segments', () => {
    for (const k of ['/../../etc/shadow', '/root/../etc/shadow', '/root/./x', '%2F..%2F..%2Fetc%2Fshadow']) {
      assert.throws(() => validateUri(`qemu+ssh://h/system?keyfile=${k}`), refused, k);
    }
  });

  it('says what is wrong with a "%" that is not an escape, instead of failing inside', () => {
    for (const u of ['qemu+ssh://ro%ot@h/system', 'qemu+ssh://h%zz/system', 'qemu+ssh://h/system?keyfile=/a%']) {
      assert.throws(
        () => validateUri(u),
        (e: unknown) => refused(e) && /%|not valid/.test((e as Error).message),
        u,
      );
    }
  });

  it('gives one form for a URI with and without an empty query', () => {
    assert.equal(validateUri('qemu:///system?'), 'qemu:///system');
    assert.equal(validateUri('qemu+ssh://root@h/system?'), validateUri('qemu+ssh://root@h/system'));
  });

  it('takes test:///default or an absolute .xml path for the test driver, nothing else', () => {
    assert.equal(validateUri('test:///default'), 'test:///default');
    for (const u of ['test:///etc/shadow', 'test:///proc/self/environ', 'test:///tmp/../etc/x.xml', 'test:///tmp/a.xml.bak', 'test+ssh://h/tmp/a.xml', 'test:///']) {
      assert.throws(() => validateUri(u), refused, u);
    }
  });

  it('never accepts a user or host holding a shell metacharacter or leading dash (property)', () => {
    const bad = fc.oneof(
      fc.string().map((s) => `-${s}`),
      fc.tuple(fc.string(), fc.constantFrom(...' \t\n;&|$`\'"<>(){}\\*?!#~'.split('')), fc.string()).map(([a, c, b]) => a + c + b),
    );
    fc.assert(
      fc.property(bad, (h) => {
        assert.throws(() => buildUri({ kind: 'ssh', host: h }), refused);
        assert.throws(() => buildUri({ kind: 'ssh', user: h, host: 'ok' }), refused);
      }),
    );
  });
});
