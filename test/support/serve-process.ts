// `npm run serve` as its own process, the way a user starts it, for the server and e2e suites.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECK_RESULTS_ENV } from '../../electron/node/rpc/result-checks.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServeProcess {
  child: ChildProcess;
  /** The sign-in URL from the `Virtdeck is listening at URL` line. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; err: string }>;
  stop(): Promise<void>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface ServeOptions {
  /**
   * Run it from a shell on a terminal of its own (util-linux `script`), as a user who types
   * `npm run serve` does, so that what depends on a controlling terminal is tested too.
   */
  terminal?: boolean;
  /** Extra Node options (after tsx's loader, so `--import` may name a .ts file), e.g. a bench's probe. */
  nodeArgs?: string[];
  /** Check every result and event against the contract (default); benches measure the production path without. */
  checkResults?: boolean;
}

/** The environment of a backend a test starts: it checks every result and event against the contract. */
export const testBackendEnv = (checkResults = true): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  if (checkResults) env[CHECK_RESULTS_ENV] = '1';
  else delete env[CHECK_RESULTS_ENV];
  return env;
};

export function startServe(args: string[], options: ServeOptions = {}): ServeProcess {
  const env = testBackendEnv(options.checkResults);
  const argv = [process.execPath, '--conditions=source', '--import', 'tsx', ...(options.nodeArgs ?? []), 'electron/server/main.ts', ...args];
  const child = options.terminal
    ? spawn('script', ['-qefc', `${argv.map(quote).join(' ')} & p=$!; trap 'kill -TERM $p; wait $p' TERM; wait $p`, '/dev/null'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(argv[0]!, argv.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    process.stderr.write(d);
  });
  const exited = new Promise<{ code: number | null; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, err })));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Virtdeck is listening at (\S+?)\r?$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited (${code}) before it was ready: ${err}`)));
  });
  return {
    child,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
