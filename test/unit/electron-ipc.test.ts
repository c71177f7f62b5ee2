// The desktop IPC wiring without Electron's binary: a fake ipcMain and webContents stand in
// for Electron's (only Electron itself is faked; the backend behind them is real).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api } from '../../electron/common/api/contract.js';
import { IPC_CHANNEL } from '../../electron/common/rpc/channel.js';
import type { RpcMessage } from '../../electron/common/rpc/messages.js';
import { APP_ORIGIN, ipcPeer, type FrameLike, type IpcEventLike, type WebContentsLike } from '../../electron/main/ipc-peer.js';
import { serve } from '../../electron/node/rpc/serve.js';
import { createBackend, type Backend } from '../../electron/node/virt-service.js';

class FakeWebContents extends EventEmitter implements WebContentsLike {
  static next = 1;
  readonly id = FakeWebContents.next++;
  readonly mainFrame: FrameLike = { url: `${APP_ORIGIN}/index.html` };
  readonly sent: RpcMessage[] = [];
  send(channel: string, message: unknown) {
    assert.equal(channel, IPC_CHANNEL);
    this.sent.push(message as RpcMessage);
  }
  isDestroyed() {
    return false;
  }
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition reached');
};

describe('Electron IPC wiring', () => {
  let dir: string;
  let backend: Backend;
  let ipcMain: EventEmitter;
  let wc: FakeWebContents;
  const refused: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-ipc-'));
    backend = await createBackend({ configDir: dir, firstRun: ['test:///default'] });
    ipcMain = new EventEmitter();
    wc = new FakeWebContents();
    serve(
      ipcPeer(ipcMain, wc, (why) => refused.push(why)),
      backend.api,
      backend.events,
    );
  });
  after(async () => {
    await backend.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const from = (frame: FrameLike | null, sender: WebContentsLike = wc): IpcEventLike => ({ sender, senderFrame: frame });
  const call = (event: IpcEventLike, id: number, method: string, params: unknown = {}) => ipcMain.emit(IPC_CHANNEL, event, { t: 'call', id, method, params });
  const reply = (id: number) => wc.sent.find((m) => m.t === 'result' && m.id === id);

  it('answers the main frame of its own app:// page', async () => {
    call(from(wc.mainFrame), 1, 'connections.list');
    await until(() => reply(1) !== undefined);
    const r = reply(1)!;
    assert.ok(r.t === 'result' && r.ok, JSON.stringify(r));
  });

  it('drops messages from subframes, other origins, gone frames and other windows', async () => {
    const before = refused.length;
    call(from({ url: `${APP_ORIGIN}/index.html` }), 2, 'connections.list'); // a subframe: not the main frame object
    call(from(null), 3, 'connections.list');
    const evil = new FakeWebContents();
    evil.mainFrame.url = 'https://evil.example/';
    call(from(evil.mainFrame, evil), 4, 'connections.list');
    wc.mainFrame.url = 'file:///etc/passwd';
    call(from(wc.mainFrame), 5, 'connections.list');
    wc.mainFrame.url = `${APP_ORIGIN}/index.html`;
    ipcMain.emit(IPC_CHANNEL, from(wc.mainFrame), 'not a message');
    await new Promise((r) => setTimeout(r, 50));
    for (const id of [2, 3, 4, 5]) assert.equal(reply(id), undefined, `call ${id} was answered`);
    assert.equal(refused.length - before, 4, refused.join('\n'));
  });

  it('reaches every method of the contract', async () => {
    let id = 100;
    const ids: [number, string][] = [];
    for (const [ns, group] of Object.entries(api)) {
      for (const m of Object.keys(group)) {
        ids.push([++id, `${ns}.${m}`]);
        call(from(wc.mainFrame), id, `${ns}.${m}`, {});
      }
    }
    await until(() => ids.every(([i]) => reply(i) !== undefined));
    for (const [i, method] of ids) {
      const r = reply(i)!;
      assert.ok(r.t === 'result');
      // Empty params are wrong for most methods: the schema answers, proving the route exists.
      if (!r.ok) assert.ok(!/unknown method/.test(r.error.message), `${method}: ${r.error.message}`);
    }
    // Every namespace of the schema tree has its service, and each method its function there
    // (services are class instances: their methods live on the prototype, so look them up).
    assert.deepEqual(Object.keys(backend.api).sort(), Object.keys(api).sort());
    const services = backend.api as unknown as Record<string, Record<string, unknown>>;
    const missing = ids
      .map(([, m]) => m)
      .filter((m) => {
        const [ns, name] = m.split('.') as [string, string];
        return typeof services[ns]![name] !== 'function';
      });
    assert.deepEqual(missing, []);
  });

  it('forwards backend events to the window', async () => {
    const [conn] = backend.connections.list();
    wc.sent.length = 0;
    await backend.connections.close({ id: conn!.id });
    await until(() => wc.sent.some((m) => m.t === 'event' && m.topic === 'connection.stateChanged'));
  });
});
