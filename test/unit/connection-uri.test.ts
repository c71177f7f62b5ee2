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
    assert.equal(
      buildUri({ kind: 'ssh', user: 'ops', host: 'h', keyFile: '/home/ops/.ssh/id_ed25519' }),
      'qemu+ssh://ops@h/system?keyfile=%2Fhome%2Fops%2F.ssh%2Fid_ed25519',
    );
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
