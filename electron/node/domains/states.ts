// libvirt's integer states and reasons, mapped once to the words the contract uses.
import * as libvirt from 'virtdeck/native';
import type { DomainStateName } from '../../common/api/domains.js';

const S = libvirt.DomainState;
const names: Record<number, DomainStateName> = {
  [S.NOSTATE]: 'nostate',
  [S.RUNNING]: 'running',
  [S.BLOCKED]: 'blocked',
  [S.PAUSED]: 'paused',
  [S.SHUTDOWN]: 'shutdown',
  [S.SHUTOFF]: 'shutoff',
  [S.CRASHED]: 'crashed',
  [S.PMSUSPENDED]: 'pmsuspended',
};

export function stateName(state: number): DomainStateName {
  return names[state] ?? 'nostate';
}

// Reason enums per state, from the generated constants (e.g. DomainRunningReason.BOOTED).
const reasonEnums: Record<number, Record<string, number>> = {
  [S.RUNNING]: libvirt.DomainRunningReason,
  [S.BLOCKED]: libvirt.DomainBlockedReason,
  [S.PAUSED]: libvirt.DomainPausedReason,
  [S.SHUTDOWN]: libvirt.DomainShutdownReason,
  [S.SHUTOFF]: libvirt.DomainShutoffReason,
  [S.CRASHED]: libvirt.DomainCrashedReason,
  [S.PMSUSPENDED]: libvirt.DomainPMSuspendedReason,
};

export function reasonName(state: number, reason: number): string {
  const e = reasonEnums[state];
  const hit = e && Object.entries(e).find(([, v]) => v === reason);
  return hit ? hit[0].toLowerCase().replace(/_/g, '-') : 'unknown';
}
