// The SSH_ASKPASS broker with real processes and a real Unix socket: who may ask, what the
// answer looks like to ssh, one-shot tokens, and concurrent questions.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AskpassBroker, type AskpassHandler, type AskpassQuestion } from '../../../electron/node/ssh/askpass-broker.js';
import { waitFor } from './support.js';

function runAskpass(command: string, prompt: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(command, [prompt], (err, out) => resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, out }));
  });
}

function rawQuestion(dir: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(join(dir, 'sock'));
    let buf = '';
    sock.on('connect', () => sock.write(body));
    sock.on('data', (d) => (buf += d.toString()));
    sock.on('close', () => resolve(buf));
    sock.on('error', reject);
  });
}

describe('the askpass broker', () => {
  let broker: AskpassBroker;
  let handler: AskpassHandler = async () => null;
  const asked: AskpassQuestion[] = [];
  const logged: string[] = [];

  before(async () => {
    broker = await AskpassBroker.start(
      (q, gone) => (asked.push(q), handler(q, gone)),
      (m) => logged.push(m),
    );
  });
  after(async () => {
    await broker.close();
    assert.throws(() => statSync(broker.dir), /ENOENT/, 'the private directory is gone');
  });

  it('keeps its directory, socket and token to this user', () => {
    assert.equal(statSync(broker.dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(broker.dir, 'sock')).mode & 0o777, 0o600);
    assert.equal(statSync(join(broker.dir, 'token')).mode & 0o777, 0o600);
    assert.equal(statSync(broker.command).mode & 0o777, 0o700);
  });

  it('answers ssh on stdout, and tells it who asked', async () => {
    handler = async (q) => `answer to ${q.prompt}`;
    const r = await runAskpass(broker.command, "u@h's password: ");
    assert.deepEqual(r, { code: 0, out: "answer to u@h's password: \n" });
    // The helper's parent is this test process: its command line is what the broker sees.
    assert.deepEqual(asked.at(-1)!.ssh, readFileSync('/proc/self/cmdline', 'utf8').split('\0').filter(Boolean));
  });

  it('exits 1 when the user cancels, so ssh gets no answer', async () => {
    handler = async () => null;
    assert.equal((await runAskpass(broker.command, 'password: ')).code, 1);
  });

  it('uses each token once; a used token is stale, a wrong one refused', async () => {
    handler = async () => 'ok';
    const token = readFileSync(join(broker.dir, 'token'), 'utf8');
    const q = (t: string) => `${JSON.stringify({ token: t, prompt: 'p', ssh: [], hint: '' })}\n`;
    assert.equal(await rawQuestion(broker.dir, q(token)), '{"answer":"ok"}\n');
    assert.equal(await rawQuestion(broker.dir, q(token)), '{"stale":true}\n');
    assert.equal(await rawQuestion(broker.dir, q('x'.repeat(43))), '{"refused":true}\n');
    assert.equal(await rawQuestion(broker.dir, 'not json\n'), '{"refused":true}\n');
    assert.equal(await rawQuestion(broker.dir, q(token).replace('"hint":""', '"hint":"","extra":1')), '{"refused":true}\n');
    // The file is rewritten (atomically) right after the token is used: wait for it.
    await waitFor('a fresh token in the file', () => readFileSync(join(broker.dir, 'token'), 'utf8') !== token);
    assert.ok(logged.some((m) => /wrong token/.test(m)));
  });

  it('drops a connection that sends an oversized question', async () => {
    assert.equal(await rawQuestion(broker.dir, 'x'.repeat(100 * 1024)), '');
  });

  it('answers questions asked at the same moment by several ssh processes', async () => {
    handler = async (q) => q.prompt.toUpperCase();
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((p) => runAskpass(broker.command, p)));
    assert.deepEqual(
      results,
      ['A', 'B', 'C', 'D'].map((out) => ({ code: 0, out: `${out}\n` })),
    );
  });

  it('tells the handler when the asking process goes away', async () => {
    let aborted!: () => void;
    const gone = new Promise<void>((r) => (aborted = r));
    handler = (_q, signal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => (aborted(), resolve(null)));
      });
    const child = spawn(broker.command, ['about to go away: '], { stdio: 'ignore' });
    while (!asked.some((q) => q.prompt === 'about to go away: ')) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await gone;
  });
});
