// libvirt's event loop runs on a thread for the life of the process; neither it nor open
// connections, event registrations or idle streams may keep a finished Node process alive.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Runs an ES module body with the binding imported; resolves with its exit code and output. */
function runScript(body: string, timeoutMs = 30_000): Promise<{ code: number | null; signal: string | null; out: string }> {
  const src = `import * as libvirt from 'virtdeck/native';\n${body}\n`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', src], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process did not exit by itself within ${timeoutMs} ms; output:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

describe('process exit', () => {
  it('exits when the script ends, with a connection left open and an event registered', async () => {
    const r = await runScript(`
      const conn = await libvirt.open('test:///default');
      await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => {});
      const [dom] = await conn.listAllDomains();
      await dom.suspend();
      await dom.resume();
      console.log('done', await dom.name());
    `);
    assert.equal(r.signal, null, r.out);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /done test/);
  });

  it('exits after a garbage-collected connection that was never closed', async () => {
    const r = await runScript(`
      for (let i = 0; i < 20; i++) await (await libvirt.open('test:///default')).listAllDomains();
      globalThis.gc?.();
      console.log('done');
    `);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /done/);
  });

  it('stays alive while a stream is being read, then exits when it ends', async () => {
    const r = await runScript(`
      const conn = await libvirt.open('test:///default');
      const [dom] = await conn.listAllDomains();
      const stream = await conn.newStream();
      await dom.screenshot(stream);
      let bytes = 0;
      stream.on('data', (c) => (bytes += c.length));
      stream.on('end', () => console.log('read', bytes));
    `);
    assert.equal(r.code, 0, r.out);
    const m = /read (\d+)/.exec(r.out);
    assert.ok(m && Number(m[1]) > 1000, `the stream was read to its end before exit: ${r.out}`);
  });

  it('a user callback that throws surfaces as an uncaught exception, not a crash of the addon', async () => {
    const r = await runScript(`
      const conn = await libvirt.open('test:///default');
      await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, () => { throw new Error('boom from callback'); });
      const [dom] = await conn.listAllDomains();
      await dom.suspend();
    `);
    assert.equal(r.signal, null, 'no signal: the process was not killed by a native fault');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /boom from callback/);
  });
});
