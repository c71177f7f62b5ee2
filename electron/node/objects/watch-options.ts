// How the backend follows libvirt objects: the same settings for every kind it watches.
import type { Timers } from '../connections/manager.js';

export interface WatchOptions {
  log?: (msg: string) => void;
  timers?: Timers;
  /** Polling period where a driver has no events. */
  pollMs?: number;
  /** 'poll' lists and diffs even where the driver has events (tests of the fallback use it). */
  watchMode?: 'events' | 'poll';
}
