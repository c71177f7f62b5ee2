// A server whose service breaks the contract, for test/unit/contract.test.ts (run as its own
// process, since a drift ends the process that finds it): `contract-drift-probe.ts result`
// calls a method whose result does not fit its schema, `… event` emits an event whose payload
// does not fit, then a good one. Prints what the client got, one JSON line each.
import type { VirtEvents, VirtImpl } from '../../electron/common/api/contract.js';
import { ApiError } from '../../electron/common/api/errors.js';
import { createClient } from '../../electron/common/rpc/client.js';
import { memoryPeerPair } from '../../electron/common/rpc/messages.js';
import { serve, type EventSource } from '../../electron/node/rpc/serve.js';

type Handler = Parameters<EventSource['subscribe']>[0];
const handlers = new Set<Handler>();
const events: EventSource = {
  subscribe(h) {
    handlers.add(h);
    return () => handlers.delete(h);
  },
};
const emit = <T extends keyof VirtEvents>(topic: T, payload: unknown) => {
  for (const h of handlers) h(topic, payload as VirtEvents[T]);
};

// The one namespace the probe calls; a statsIntervalMs in words is what drift looks like.
const impl = { preferences: { get: () => ({ statsIntervalMs: 'fast', listColumns: [], graphs: [] }) } } as unknown as VirtImpl;

const [client, server] = memoryPeerPair();
serve(server, impl, events, (m) => process.stderr.write(`${m}\n`));
const { api, on } = createClient(client);
const say = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (process.argv[2] === 'result') {
  try {
    say({ value: await api.preferences.get({}) });
  } catch (err) {
    say({ error: err instanceof ApiError ? err.code : String(err) });
  }
} else {
  const good = new Promise<void>((resolve) => {
    on('connections.reordered', (p) => {
      say({ topic: 'connections.reordered', payload: p });
      resolve();
    });
  });
  on('connection.removed', (p) => say({ topic: 'connection.removed', payload: p }));
  emit('connection.removed', { id: 42 });
  emit('connections.reordered', { ids: ['a'] });
  await good;
}
