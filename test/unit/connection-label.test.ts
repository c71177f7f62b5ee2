// Default connection labels: user@host:port and the driver's instance, so that two hosts that
// both call themselves "vm" (a local libvirtd and the same machine over ssh) never look alike.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionInfo } from '../../electron/common/api/connections.js';
import { connectionLabel, defaultLabel } from '../../renderer/src/features/connections/connection-label.js';

const info = (id: string, uri: string, label?: string): ConnectionInfo =>
  ({ id, spec: { uri, autoconnect: true, ...(label ? { label } : {}) }, state: 'connected', hypervisor: { hostname: 'vm' } }) as unknown as ConnectionInfo;

describe('connection labels', () => {
  it('local and ssh to the same machine differ, and say system or session', () => {
    assert.equal(defaultLabel(info('a', 'qemu:///system')), 'vm · QEMU/KVM system');
    assert.equal(defaultLabel(info('b', 'qemu+ssh://root@127.0.0.1:2222/system')), 'root@127.0.0.1:2222 · QEMU/KVM system');
    assert.equal(defaultLabel(info('c', 'qemu:///session')), 'vm · QEMU/KVM session');
    assert.equal(defaultLabel(info('d', 'test:///default')), 'vm · Test default');
  });
  it('a label two connections share gets the URI after it; the user’s own label wins', () => {
    const all = [info('a', 'qemu+ssh://root@h/system?keyfile=/k1'), info('b', 'qemu+ssh://root@h/system?keyfile=/k2'), info('c', 'qemu:///system', 'Lab')];
    const labels = all.map((c) => connectionLabel(c, all));
    assert.equal(new Set(labels).size, 3, labels.join(' | '));
    assert.equal(labels[2], 'Lab');
    assert.match(labels[0]!, /keyfile=\/k1/);
  });
});
