// Starts test/support/backend-child.ts as a child process and gives a client of its contract;
// `kill()` ends it with SIGKILL, as a crash would.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createClient, type VirtClient } from '../../electron/common/rpc/client.js';
import type { RpcMessage } from '../../electron/common/rpc/messages.js';
import { root, testBackendEnv } from './serve-process.js';

export interface BackendProcess {
  child: ChildProcess;
  client: VirtClient;
  /** Everything the backend wrote to stderr (its log). */
  log(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBackendProcess(configDir: string, hold: string[] = []): Promise<BackendProcess> {
  const child = fork(join(root, 'test/support/backend-child.ts'), [configDir, hold.join(',')], {
    cwd: root,
    env: testBackendEnv(),
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: RpcMessage) => {
      if (m.t === 'event' && m.topic === 'backend.ready') {
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    void exited.then(() => reject(new Error(`the backend process exited before it was ready: ${log}`)));
  });
  const client = createClient({
    send: (m) => child.send(m),
    onMessage(handler) {
      const h = (m: RpcMessage) => handler(m);
      child.on('message', h);
      return () => child.off('message', h);
    },
  });
  return {
    child,
    client,
    log: () => log,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      client.dispose();
    },
    async stop() {
      client.dispose();
      if (child.exitCode === null && child.signalCode === null) child.disconnect();
      await exited;
    },
  };
}
