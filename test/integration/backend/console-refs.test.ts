// Every console method resolves its VM through the object registry: a ref to a VM that no
// longer exists is `not-found` with the registry's one wording, whichever console it asks for.
// Through the contract (in-memory RPC) on libvirt's real test driver.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../electron/common/api/errors.js';
import { harness, waitFor, type Harness } from './support.js';

const GONE = '00000000-0000-4000-8000-00000000dead';
const vmGone = (e: unknown) => e instanceof ApiError && e.code === 'not-found' && e.messageId === 'objects.domainGone' && /removed elsewhere/.test(e.hint ?? '');

describe('console methods on a VM that is gone (test:///default)', () => {
  let h: Harness;
  let connection: string;
  before(async () => {
    h = await harness();
    connection = (await h.client.api.connections.add({ spec: { uri: 'test:///default', autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({})).find((c) => c.id === connection)?.state === 'connected', 30_000);
  });
  after(async () => {
    await h?.close();
  });

  it('says the VM no longer exists for graphical, text and Remote Viewer consoles alike', async () => {
    const ref = { connection, uuid: GONE };
    const api = h.client.api.consoles;
    await assert.rejects(api.open({ ref }), vmGone, 'consoles.open');
    await assert.rejects(api.viewerFile({ ref }), vmGone, 'consoles.viewerFile');
    await assert.rejects(api.launchViewer({ ref }), vmGone, 'consoles.launchViewer');
    await assert.rejects(api.serialDevices({ ref }), vmGone, 'consoles.serialDevices');
    await assert.rejects(api.openSerial({ ref, device: 'serial0' }), vmGone, 'consoles.openSerial');
  });
});
