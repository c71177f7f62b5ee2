import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtEvents } from '../../../electron/common/api/contract.js';
import { createClient, type VirtClient } from '../../../electron/common/rpc/client.js';
import { memoryPeerPair } from '../../../electron/common/rpc/messages.js';
import { serve } from '../../../electron/node/rpc/serve.js';
import { TEST_DRIVER_DIRS_FILE } from '../../../electron/node/connections/uri-gate.js';
import { CHECK_RESULTS_ENV } from '../../../electron/node/rpc/result-checks.js';
import { createBackend, type Backend, type BackendOptions } from '../../../electron/node/virt-service.js';

export { waitFor } from '../native/support.js';

// Every backend these tests serve checks its results and events against the contract (serve
// reads this when it starts serving a peer).
process.env[CHECK_RESULTS_ENV] = '1';

/** A test driver node file with the given domains (all running, as the test driver starts them). */
export async function testDriverNode(dir: string, file: string, names: string[]): Promise<string> {
  const doms = names.map((n) => `<domain type='test'><name>${n}</name><uuid>${randomUUID()}</uuid><memory unit='MiB'>128</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`);
  const path = join(dir, file);
  await writeFile(path, `<node>\n${doms.join('\n')}\n</node>\n`);
  return `test://${path}`;
}

/** Lets the test driver read .xml files under `dir` (Virtdeck allows none by default). */
export async function allowTestDriverDir(configDir: string, dir: string): Promise<void> {
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, TEST_DRIVER_DIRS_FILE), JSON.stringify({ dirs: [dir] }));
}

export interface Harness {
  dir: string;
  backend: Backend;
  client: VirtClient;
  events: { topic: keyof VirtEvents; payload: unknown }[];
  close(): Promise<void>;
}

/** A backend on a fresh config dir, reached through the contract over an in-memory peer pair. */
export async function harness(options: Partial<BackendOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-backend-'));
  // testDriverNode's files live in the harness's directory: allowed for the test driver.
  await allowTestDriverDir(join(dir, 'config'), dir);
  const backend = await createBackend({ configDir: join(dir, 'config'), firstRun: [], ...options });
  const [a, b] = memoryPeerPair();
  const stop = serve(b, backend.api, backend.events);
  const client = createClient(a);
  const events: Harness['events'] = [];
  for (const topic of [
    'connection.stateChanged',
    'connection.removed',
    'connections.reordered',
    'domain.changed',
    'domain.removed',
    'stats.tick',
    'stats.failing',
    'preferences.changed',
  ] as const) {
    client.on(topic, (payload) => events.push({ topic, payload }));
  }
  return {
    dir,
    backend,
    client,
    events,
    async close() {
      client.dispose();
      stop();
      await backend.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Adds a connection to `uri` through the contract and opens it; its id. */
export async function openConnection(h: Harness, uri: string, spec: { readonly?: boolean } = {}): Promise<string> {
  const { id } = await h.client.api.connections.add({ spec: { uri, autoconnect: false, ...spec } });
  await h.client.api.connections.open({ id });
  return id;
}
