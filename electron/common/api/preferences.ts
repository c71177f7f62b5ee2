// The `preferences` namespace: the user's settings, shared by every window.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { noParams } from './refs.js';

export const preferences = z.strictObject({
  /** Sampling interval, 500–10,000 ms. */
  statsIntervalMs: z.number().int().min(500).max(10_000),
  /** Optional columns of the VM list, in order (e.g. cpu, memory, disk, network). */
  listColumns: z.array(z.string().max(32)).max(16),
  /** Graphs shown on Performance pages. */
  graphs: z.array(z.string().max(32)).max(16),
});
export type Preferences = z.infer<typeof preferences>;

/** Some preferences; those left out keep their value. */
export const preferenceChanges = preferences.partial();

export const preferencesApi = defineNamespace({
  get: method({ params: noParams, result: preferences }),
  /** Changes some preferences; every window hears `preferences.changed`. */
  update: method({ params: z.strictObject({ changes: preferenceChanges }), result: preferences }),
});
