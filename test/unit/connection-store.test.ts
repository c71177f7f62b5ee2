import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConnectionStore } from '../../electron/node/connections/store.js';

test('a saved connection keeps every part of its spec through a restart, read-only included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-store-'));
  try {
    const saved = [
      { id: 'a', spec: { uri: 'qemu:///system', autoconnect: true, label: 'Lab', readonly: true } },
      { id: 'b', spec: { uri: 'qemu:///session', autoconnect: false } },
    ];
    await new ConnectionStore(dir).save(saved);
    assert.deepEqual(await new ConnectionStore(dir).load(), saved);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
