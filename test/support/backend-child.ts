// The backend as a process of its own, for tests that kill it (SIGKILL mid-job) and start a
// fresh one on the same config dir. Spoken to over the fork IPC channel; the config dir and
// the job checkpoints to hold at come as arguments: backend-child.ts CONFIG_DIR [HOLD,HOLD…].
import type { RpcMessage, RpcPeer } from '../../electron/common/rpc/messages.js';
import { serve } from '../../electron/node/rpc/serve.js';
import { createBackend } from '../../electron/node/virt-service.js';

const [configDir, hold] = process.argv.slice(2);
if (!configDir || !process.send) throw new Error('usage: fork backend-child.ts CONFIG_DIR [HOLDS]');

const peer: RpcPeer = {
  send: (m) => process.send?.(m),
  onMessage(handler) {
    const h = (m: unknown) => handler(m as RpcMessage);
    process.on('message', h);
    return () => process.off('message', h);
  },
};
const backend = await createBackend({
  configDir,
  firstRun: [],
  askpass: false,
  log: (msg) => process.stderr.write(`[backend ${process.pid}] ${msg}\n`),
  ...(hold ? { jobHoldAt: hold.split(',') } : {}),
});
serve(peer, backend.api, backend.events);
process.send({ t: 'event', topic: 'backend.ready', payload: { pid: process.pid } });
process.on('disconnect', () => void backend.dispose().then(() => process.exit(0)));
