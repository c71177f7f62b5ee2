// The `snapshots` namespace: a VM's snapshots, addressed by the VM's ref and the snapshot's
// name (libvirt gives snapshots no UUID). Its methods arrive with the snapshots tab (#10); the
// event type is in the contract already.
import { defineNamespace } from './define.js';
import type { DomainRef } from './refs.js';

/** A snapshot of a VM was taken, changed or deleted: re-read the VM's snapshots. */
export interface SnapshotChanged {
  domain: DomainRef;
  name: string;
  removed: boolean;
}

export const snapshotsApi = defineNamespace({});
