// The `snapshots` namespace: a VM's snapshots, addressed by the VM's ref and the snapshot's
// name (libvirt gives snapshots no UUID). Taking, reverting and deleting arrive with the
// snapshots tab (#10); listing and the change event are here.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { domainRef } from './refs.js';

/** The VM's state when the snapshot was taken (libvirt's virDomainSnapshotState); disk-snapshot: disks only, of a running VM. */
export const snapshotState = z.enum(['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended', 'disk-snapshot']);
export type SnapshotState = z.infer<typeof snapshotState>;

/** One snapshot of a VM, as the snapshot list shows it. */
export const snapshotSummary = z.strictObject({
  /** Unique among the VM's snapshots; what later calls name it by. */
  name: z.string(),
  /** The user's words about it, when there are any. */
  description: z.string().optional(),
  /** When it was taken, epoch ms (libvirt keeps whole seconds). */
  creationTime: z.number().int().min(0),
  state: snapshotState,
  /** The snapshot the VM runs on top of: the parent of the next one taken. At most one is. */
  current: z.boolean(),
  /** The name of the snapshot this one was taken on top of; absent for a root. */
  parent: z.string().optional(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummary>;

/**
 * A VM's snapshots changed (one taken, deleted, edited, reverted to, from Virtdeck or from
 * outside, such as virsh): its whole list now, as snapshots.list gives it.
 */
export const snapshotChanged = z.strictObject({
  domain: domainRef,
  snapshots: z.array(snapshotSummary),
});
export type SnapshotChanged = z.infer<typeof snapshotChanged>;

export const snapshotsApi = defineNamespace({
  /**
   * The VM's snapshots, oldest first. Listing also follows them: while the VM exists and its
   * connection is open, `snapshot.changed` says when its list differs (libvirt reports no
   * snapshot events, so the backend re-reads on the VM's lifecycle events and polls too).
   * Fails with not-found when the VM is gone.
   */
  list: method({ params: z.strictObject({ domain: domainRef }), result: z.array(snapshotSummary) }),
});
