// One backend event as the store queues it: a topic of VirtEvents with its payload.
import type { VirtEvents } from '../../../electron/common/api/contract.js';

export type BackendEvent = { [T in keyof VirtEvents]: { topic: T; payload: VirtEvents[T] } }[keyof VirtEvents];

/** The topics the store's slices fold into cached state (the rest are followed directly). */
export const CACHED_TOPICS = [
  'connection.stateChanged',
  'connection.removed',
  'connections.reordered',
  'domain.changed',
  'domain.removed',
  'job.started',
  'job.progressed',
  'job.finished',
] as const satisfies readonly (keyof VirtEvents)[];

/** The connections that came (back) up in a batch: their slices list them again. */
export function connectedIn(batch: readonly BackendEvent[]): string[] {
  return batch.flatMap((e) => (e.topic === 'connection.stateChanged' && e.payload.state === 'connected' ? [e.payload.id] : []));
}
