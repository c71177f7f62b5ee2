// The `networks` namespace: the host's virtual networks, and the other ways a VM's NIC can
// reach out (host bridges, physical interfaces for macvtap).
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId, uuid } from './refs.js';

export const networkSummary = z.strictObject({
  /** direct: a physical interface for macvtap (its interface name, e.g. eth0). */
  kind: z.enum(['network', 'bridge', 'direct']),
  name: z.string(),
  /** libvirt's UUID of a virtual network (kind `network`); bridges and direct devices have none. */
  uuid: uuid.optional(),
  active: z.boolean(),
  /** A direct device's link state, where the host reports it. */
  link: z.enum(['up', 'down']).optional(),
});
export type NetworkSummary = z.infer<typeof networkSummary>;

/** A virtual network was defined, started, stopped or changed: its row of networks.list now. */
export const networkChanged = z.strictObject({
  connection: connectionId,
  network: networkSummary.extend({ kind: z.literal('network'), uuid }),
});
export type NetworkChanged = z.infer<typeof networkChanged>;

export const networksApi = defineNamespace({
  /** Virtual networks, host bridges and physical interfaces (for macvtap) a VM can join. */
  list: method({ params: z.strictObject({ connection: connectionId }), result: z.array(networkSummary) }),
});
