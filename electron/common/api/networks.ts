// The `networks` namespace: the host's virtual networks, and the other ways a VM's NIC can
// reach out (host bridges, physical interfaces for macvtap).
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, type ConnectionId } from './refs.js';

export interface NetworkSummary {
  /** direct: a physical interface for macvtap (its interface name, e.g. eth0). */
  kind: 'network' | 'bridge' | 'direct';
  name: string;
  /** libvirt's UUID of a virtual network (kind `network`); bridges and direct devices have none. */
  uuid?: string;
  active: boolean;
  /** A direct device's link state, where the host reports it. */
  link?: 'up' | 'down';
}

/** A virtual network was defined, started, stopped or changed: its row of networks.list now. */
export interface NetworkChanged {
  connection: ConnectionId;
  network: NetworkSummary & { kind: 'network'; uuid: string };
}

export const networksApi = defineNamespace({
  /** Virtual networks, host bridges and physical interfaces (for macvtap) a VM can join. */
  list: method({ params: z.strictObject({ connection: connectionId }), result: returns<NetworkSummary[]>() }),
});
