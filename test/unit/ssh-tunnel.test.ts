// The ssh command lines of remote consoles, without running ssh: argument arrays with `--`
// before the destination, no remote command, and nothing hostile let through; and ssh's
// failures put into words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../electron/common/api/errors.js';
import { channelFailure, masterFailure } from '../../electron/node/consoles/ssh-failure.js';
import { masterKey } from '../../electron/node/consoles/ssh-masters.js';
import { checkRemoteSocket, forwardSpec, masterArgv, socketForwardArgv, stdioForwardArgv } from '../../electron/node/consoles/ssh-tunnel-argv.js';

const target = { host: '127.0.0.1', port: 2222, user: 'root', keyFile: '/root/.ssh/id_ed25519' };
const refused = (e: unknown) => e instanceof ApiError && e.code === 'invalid-input';

/** The value that follows an option in argv. */
const after = (argv: string[], opt: string) => argv[argv.indexOf(opt) + 1];

describe('ssh argv for remote consoles', () => {
  it('starts a master that only signs in and carries channels', () => {
    const argv = masterArgv(target, '/run/user/0/virtdeck-ssh-x/m0');
    assert.deepEqual(argv.slice(-2), ['--', '127.0.0.1'], 'the destination comes last, after --, with no command');
    assert.ok(argv.includes('-N'));
    assert.equal(after(argv, '-S'), '/run/user/0/virtdeck-ssh-x/m0');
    for (const o of ['ControlMaster=yes', 'ControlPersist=no', 'BatchMode=yes', 'StrictHostKeyChecking=yes', 'ClearAllForwardings=yes', 'SessionType=none'])
      assert.ok(argv.includes(o), o);
    assert.equal(after(argv, '-p'), '2222');
    assert.equal(after(argv, '-l'), 'root');
    assert.equal(after(argv, '-i'), '/root/.ssh/id_ed25519');
    assert.ok(argv.every((a) => !/StrictHostKeyChecking=(no|accept-new)|ProxyCommand|^LocalCommand=|PermitLocalCommand=yes/.test(a)));
  });

  it('opens one console with -W host:port through the master, IPv6 in brackets', () => {
    const argv = stdioForwardArgv({ host: 'lab.example' }, '/tmp/virtdeck-ssh-y/m1', '127.0.0.1', 5901);
    assert.equal(after(argv, '-W'), '127.0.0.1:5901');
    assert.ok(argv.includes('ControlMaster=no'));
    assert.deepEqual(argv.slice(-2), ['--', 'lab.example']);
    assert.ok(!argv.includes('-p') && !argv.includes('-l') && !argv.includes('-i'), 'only what the URI says');
    assert.equal(forwardSpec('::1', 5900), '[::1]:5900');
  });

  it('forwards a far-side unix socket with -O forward -L local:remote', () => {
    const argv = socketForwardArgv(target, '/tmp/virtdeck-ssh-y/m1', 'forward', '/tmp/virtdeck-ssh-y/f0', '/run/libvirt/qemu/vm.vnc');
    assert.equal(after(argv, '-O'), 'forward');
    assert.equal(after(argv, '-L'), '/tmp/virtdeck-ssh-y/f0:/run/libvirt/qemu/vm.vnc');
    assert.deepEqual(argv.slice(-2), ['--', '127.0.0.1']);
  });

  it('refuses hostile listen addresses, ports and socket paths before any ssh runs', () => {
    for (const host of ['127.0.0.1;touch /tmp/x', '-oProxyCommand=touch /tmp/x', '$(touch /tmp/x)', 'localhost', '127.0.0.1 -R', '']) {
      assert.throws(() => forwardSpec(host, 5900), refused, host);
      assert.throws(() => stdioForwardArgv(target, '/tmp/d/m0', host, 5900), refused, host);
    }
    for (const port of [0, -1, 65536, 5900.5, Number('22 -R'), Number.NaN]) assert.throws(() => forwardSpec('127.0.0.1', port), refused, String(port));
    for (const path of ['/run/libvirt/qemu/a:b', '/run/libvirt/qemu/a b', '/run/libvirt/../etc/x', 'relative.sock', '/run/libvirt/qemu/-oProxyCommand=x;y', '/run/libvirt/$(x)']) {
      assert.throws(() => checkRemoteSocket(path), refused, path);
    }
  });

  it('refuses a destination, user or key ssh would read as an option or a shell would split', () => {
    assert.throws(() => masterArgv({ host: '-oProxyCommand=touch /tmp/x' }, '/tmp/d/m0'), refused);
    assert.throws(() => masterArgv({ host: 'h', user: '-oProxyCommand=x' }, '/tmp/d/m0'), refused);
    assert.throws(() => masterArgv({ host: 'h', user: 'a b' }, '/tmp/d/m0'), refused);
    assert.throws(() => masterArgv({ host: 'h', keyFile: '/tmp/k -oProxyCommand=x' }, '/tmp/d/m0'), refused);
    assert.throws(() => masterArgv({ host: 'h', port: 0 }, '/tmp/d/m0'), refused);
    assert.throws(() => masterArgv({ host: 'h' }, 'relative/m0'), refused, 'control path');
    assert.deepEqual(masterArgv({ host: '::1' }, '/tmp/d/m0').slice(-2), ['--', '::1']);
  });

  it('shares a master between URIs that reach the same account the same way', () => {
    assert.equal(masterKey({ host: 'h', user: 'root' }), masterKey({ host: 'h', user: 'root', port: 22 }));
    assert.notEqual(masterKey({ host: 'h', user: 'root' }), masterKey({ host: 'h', user: 'admin' }));
    assert.notEqual(masterKey({ host: 'h' }), masterKey({ host: 'h', keyFile: '/k' }));
  });
});

describe('ssh failures in words', () => {
  const t = { host: 'lab.example', user: 'root' };
  it('tells an unreachable host, a failed sign-in and an unknown host key apart', () => {
    const unreachable = masterFailure(t, 'ssh: connect to host lab.example port 22: Connection refused\n', 255);
    assert.match(unreachable.message, /could not reach root@lab\.example over SSH for the console \(ssh: connect to host .*Connection refused\)/);
    assert.match(unreachable.hint ?? '', /SSH server answers/);
    const auth = masterFailure(t, 'root@lab.example: Permission denied (publickey).\n', 255);
    assert.match(auth.message, /SSH refused to sign in to root@lab\.example/);
    assert.match(auth.hint ?? '', /ssh-agent/);
    assert.equal(masterFailure(t, 'Host key verification failed.\n', 255).code, 'host-key-changed');
  });

  it('tells a refused display port and forwarding switched off apart', () => {
    const refusedPort = channelFailure(
      t,
      '127.0.0.1:5901',
      'channel 2: open failed: connect failed: Connection refused\nStdio forwarding request failed: Session open refused by peer\n',
    );
    assert.match(refusedPort.message, /refused the connection to the VM’s display at 127\.0\.0\.1:5901/);
    const off = channelFailure(t, '127.0.0.1:5901', 'channel 0: open failed: administratively prohibited: open failed\n');
    assert.match(off.message, /does not allow forwarding/);
    assert.match(off.hint ?? '', /AllowTcpForwarding/);
  });
});
