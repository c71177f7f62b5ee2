// An sshd of a test's own on a free loopback port, with host keys made for it: a host no one
// has seen before (its key is unknown), whose key can change under the test.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface TestSshd {
  port: number;
  /** `SHA256:...` of the current host key, as ssh shows it. */
  fingerprint: string;
  /** Stops, makes a new host key, starts again on the same port. */
  changeHostKey(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startTestSshd(dir: string): Promise<TestSshd> {
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  let child: ChildProcess | null = null;
  let generation = 0;
  let fingerprint = '';

  const start = async () => {
    const key = join(dir, `host-key-${++generation}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${key}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
    const proc = spawn(
      '/usr/sbin/sshd',
      [
        '-D',
        '-e',
        '-p',
        String(port),
        '-h',
        key,
        '-o',
        'ListenAddress=127.0.0.1',
        '-o',
        'PidFile=none',
        '-o',
        'PasswordAuthentication=yes',
        '-o',
        'PermitRootLogin=prohibit-password',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let err = '';
      proc.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/Server listening on 127\.0\.0\.1 port/.test(err)) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${err}`)));
    });
  };
  const stopNow = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    get fingerprint() {
      return fingerprint;
    },
    async changeHostKey() {
      await stopNow();
      await start();
    },
    async stop() {
      await stopNow();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
