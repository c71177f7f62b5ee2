// Reading ssh's askpass questions (texts as OpenSSH 9 writes them) and its command line, and
// the desk that holds one question per connection until the user answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeTimers } from '../support/fake-timers.js';
import { sshTarget } from '../../electron/common/api/connection-uri.js';
import { PromptDesk } from '../../electron/node/ssh/prompt-desk.js';
import { classifyPrompt, describeTarget, sameTarget, targetOfSshArgv } from '../../electron/node/ssh/ssh-prompt.js';

const HOST_KEY = `The authenticity of host '[127.0.0.1]:2223 ([127.0.0.1]:2223)' can't be established.
ED25519 key fingerprint is SHA256:3I5ACHhh2WQ2nu9RJylnt0gXB8uLXPOZtb+0aNkb4cI.
This key is not known by any other names.
Are you sure you want to continue connecting (yes/no/[fingerprint])? `;

describe('ssh questions', () => {
  it('tells host keys, passwords and passphrases apart', () => {
    assert.deepEqual(classifyPrompt(HOST_KEY), {
      kind: 'host-key',
      message: HOST_KEY.trim(),
      keyType: 'ED25519',
      fingerprint: 'SHA256:3I5ACHhh2WQ2nu9RJylnt0gXB8uLXPOZtb+0aNkb4cI',
    });
    assert.equal(classifyPrompt("ops@kvm1.example.org's password: ").kind, 'password');
    assert.equal(classifyPrompt('(ops@kvm1) Password: ').kind, 'password');
    assert.deepEqual(classifyPrompt("Enter passphrase for key '/home/ops/.ssh/id_ed25519': "), {
      kind: 'passphrase',
      message: "Enter passphrase for key '/home/ops/.ssh/id_ed25519':",
      keyFile: '/home/ops/.ssh/id_ed25519',
    });
    assert.equal(classifyPrompt('Verification code: ').kind, 'other');
  });

  it('reads the target of the ssh command line libvirt builds', () => {
    const argv = ['ssh', '-p', '2223', '-l', 'ops', '-i', '/k', '-T', '-e', 'none', '--', '127.0.0.1', 'sh', '-c', "'-p 9 -l evil'"];
    assert.deepEqual(targetOfSshArgv(argv), { host: '127.0.0.1', port: 2223, user: 'ops', keyFile: '/k' });
    assert.deepEqual(targetOfSshArgv(['ssh', '-T', '--', 'h', 'cmd']), { host: 'h' });
    assert.equal(targetOfSshArgv(['ssh', 'h']), null);
    assert.equal(targetOfSshArgv([]), null);
  });

  it('matches a connection URI to the ssh that libvirt runs for it', () => {
    const t = sshTarget('qemu+ssh://ops@[::1]:2222/system?keyfile=%2Fk%2Fid')!;
    assert.deepEqual(t, { host: '::1', port: 2222, user: 'ops', keyFile: '/k/id' });
    assert.equal(describeTarget(t), 'ops@[::1]:2222');
    assert.ok(sameTarget(t, { host: '::1', port: 2222, user: 'ops' }));
    assert.ok(!sameTarget(t, { host: '::1', port: 22, user: 'ops' }));
    assert.ok(sameTarget(sshTarget('qemu+ssh://h/system')!, { host: 'h', port: 22 }));
    assert.equal(sshTarget('qemu:///system'), null);
    assert.equal(sshTarget('qemu+tls://h/system'), null);
  });
});

describe('the prompt desk', () => {
  const target = { host: 'h', user: 'u' };
  const setup = () => {
    const timers = new FakeTimers();
    const changes: string[] = [];
    let opening: { id: string; attempt: number } | null = { id: 'c1', attempt: 1 };
    const desk = new PromptDesk({ openingTo: (t) => (t && sameTarget(t, target) ? opening : null), changed: (id) => changes.push(id) }, timers, 1000);
    return { timers, changes, desk, setOpening: (o: typeof opening) => (opening = o) };
  };

  it('holds a question for the opening connection until it is answered', async () => {
    const { desk, changes } = setup();
    const answer = desk.ask(target, classifyPrompt("u@h's password: "), new AbortController().signal);
    const p = desk.current('c1')!;
    assert.equal(p.kind, 'password');
    assert.equal(p.target, 'u@h');
    assert.equal(p.attempt, 1);
    desk.answer('c1', p.id, 'secret');
    assert.equal(await answer, 'secret');
    assert.equal(desk.current('c1'), undefined);
    assert.deepEqual(changes, ['c1', 'c1']);
    assert.throws(() => desk.answer('c1', p.id, 'again'), /no longer waiting/);
  });

  it('refuses questions from hosts no connection is opening to', async () => {
    const { desk } = setup();
    assert.equal(await desk.ask({ host: 'other' }, classifyPrompt('x password: '), new AbortController().signal), null);
    assert.equal(await desk.ask(null, classifyPrompt('x password: '), new AbortController().signal), null);
    assert.equal(desk.current('c1'), undefined);
  });

  it('counts attempts, and after a cancel refuses the rest of that sign-in', async () => {
    const { desk } = setup();
    const q = classifyPrompt("u@h's password: ");
    const first = desk.ask(target, q, new AbortController().signal);
    desk.answer('c1', desk.current('c1')!.id, 'wrong');
    await first;
    const second = desk.ask(target, q, new AbortController().signal);
    assert.equal(desk.current('c1')!.attempt, 2);
    desk.answer('c1', desk.current('c1')!.id, null);
    assert.equal(await second, null);
    assert.ok(desk.cancelled('c1', 1));
    assert.equal(await desk.ask(target, q, new AbortController().signal), null, 'not asked again');
    desk.endAttempt('c1', 1);
    assert.ok(!desk.cancelled('c1', 1));
  });

  it('withdraws a question when it times out, when ssh goes away, or when the attempt ends', async () => {
    const { desk, timers } = setup();
    const q = classifyPrompt("u@h's password: ");
    const timedOut = desk.ask(target, q, new AbortController().signal);
    timers.advance(1000);
    assert.equal(await timedOut, null);
    desk.endAttempt('c1', 1);

    const gone = new AbortController();
    const abandoned = desk.ask(target, q, gone.signal);
    gone.abort();
    assert.equal(await abandoned, null);
    desk.endAttempt('c1', 1);

    const ended = desk.ask(target, q, new AbortController().signal);
    desk.endAttempt('c1', 1);
    assert.equal(await ended, null);
    assert.equal(desk.current('c1'), undefined);
  });
});
