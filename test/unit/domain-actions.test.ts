// The lifecycle actions offered for every libvirt state (libvirt's QEMU state machine, with
// virt-manager's virtManager/object/domain.py as the reference; backend/sleep-and-crash checks
// the crashed and pmsuspended rows against a real libvirtd).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DomainStateName, DomainSummary } from '../../electron/common/api/domains.js';
import { ACTIONS } from '../../renderer/src/features/domains/actions.js';

const row = (state: DomainStateName, persistent = true): DomainSummary =>
  ({ ref: { connection: 'c', uuid: '00000000-0000-0000-0000-000000000000' }, name: 'vm', state, reason: 'unknown', persistent }) as DomainSummary;
const offered = (d: DomainSummary) => ACTIONS.filter((a) => a.allowed(d)).map((a) => a.id);

describe('lifecycle actions per state', () => {
  const RUNNING = ['shutdown', 'reboot', 'forceOff', 'forceReset', 'pause', 'save'];
  const table: Record<DomainStateName, string[]> = {
    nostate: RUNNING,
    running: RUNNING,
    blocked: RUNNING,
    paused: ['forceOff', 'forceReset', 'resume', 'save'],
    shutdown: ['forceOff'],
    shutoff: ['start', 'delete'],
    crashed: ['forceOff', 'forceReset'],
    pmsuspended: ['forceOff', 'forceReset', 'wakeup', 'save'],
  };
  for (const [state, want] of Object.entries(table) as [DomainStateName, string[]][]) {
    it(`${state}: ${want.join(', ')}`, () => assert.deepEqual(offered(row(state)), want));
  }
  it('a transient VM is never saved or deleted', () => {
    for (const state of Object.keys(table) as DomainStateName[]) {
      const ids = offered(row(state, false));
      assert.ok(!ids.includes('save') && !ids.includes('delete'), `${state}: ${ids.join()}`);
    }
  });
});
