// The `networks` namespace: the host's virtual networks, and the other ways a VM's NIC can
// reach out (host bridges, physical interfaces for macvtap).
import { z } from 'zod';
import { defineNamespace, done, method } from './define.js';
import { connectionId, networkRef, objectName, uuid } from './refs.js';

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

const ipv4 = z.string().regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/);
const ipv6 = z
  .string()
  .regex(/^[0-9a-fA-F:]{2,39}$/)
  .refine((s) => s.includes(':'), 'an IPv6 address');
const mac = z.string().regex(/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/);
const hostName = z
  .string()
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/)
  .max(253);

/** A static DHCP entry: this MAC always gets this address (and name). */
export const dhcpHost = z.strictObject({ mac, ip: z.union([ipv4, ipv6]), name: hostName.optional() });
export type DhcpHostSpec = z.infer<typeof dhcpHost>;

const ipSpec = <A extends z.ZodString | z.ZodType<string>>(address: A, maxPrefix: number) =>
  z.strictObject({
    /** The host's address on the network (the gateway guests see). */
    address,
    prefix: z.number().int().min(8).max(maxPrefix),
    /** Addresses handed out by DHCP, first to last; none: no DHCP. */
    dhcp: z.strictObject({ start: address, end: address }).optional(),
    hosts: z.array(dhcpHost).max(256).optional(),
  });

/**
 * A new virtual network. `nat` (guests reach out through the host's address), `route` (routed,
 * no NAT), `isolated` (guests and host only), `open` (no firewall rules from libvirt), `bridge`
 * (an existing host bridge, named by `bridge`), `macvtap` (guests directly on a physical NIC,
 * named by `device`).
 */
export const networkSpec = z.strictObject({
  connection: connectionId,
  name: objectName.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  mode: z.enum(['nat', 'route', 'isolated', 'open', 'bridge', 'macvtap']),
  /** The bridge libvirt creates (virbrN when absent), or the host bridge of mode `bridge`. */
  bridge: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,15}$/)
    .optional(),
  /** Mode `macvtap`: the physical interface; `route`: where routed traffic leaves (optional). */
  device: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,15}$/)
    .optional(),
  ipv4: ipSpec(ipv4, 30).optional(),
  ipv6: ipSpec(ipv6, 126).optional(),
  /** The DNS domain of the guests' names. */
  domainName: hostName.optional(),
  mtu: z.number().int().min(68).max(65_535).optional(),
  dnsHosts: z
    .array(z.strictObject({ ip: z.union([ipv4, ipv6]), names: z.array(hostName).min(1).max(16) }))
    .max(256)
    .optional(),
  autostart: z.boolean().optional(),
  /** Start it once defined (default true). */
  start: z.boolean().optional(),
});
export type NetworkSpec = z.infer<typeof networkSpec>;

export const dhcpLease = z.strictObject({ mac: z.string(), ip: z.string(), prefix: z.number().int(), hostname: z.string().optional(), expiresAt: z.number().optional() });

export const networkDetails = z.strictObject({
  ref: z.strictObject({ connection: connectionId, uuid }),
  name: z.string(),
  active: z.boolean(),
  persistent: z.boolean(),
  autostart: z.boolean(),
  /** nat, route, open, bridge, …; `isolated` when it forwards nowhere. */
  mode: z.string(),
  bridge: z.string().optional(),
  device: z.string().optional(),
  ips: z.array(
    z.strictObject({
      family: z.enum(['ipv4', 'ipv6']),
      address: z.string(),
      prefix: z.number().int().optional(),
      dhcp: z.array(z.strictObject({ start: z.string(), end: z.string() })),
      hosts: z.array(z.strictObject({ mac: z.string().optional(), ip: z.string().optional(), name: z.string().optional() })),
    }),
  ),
  domainName: z.string().optional(),
  mtu: z.number().int().optional(),
  /** Current DHCP leases (active networks only). */
  leases: z.array(dhcpLease),
  /** The VMs of this connection whose NICs use the network. */
  usedBy: z.array(z.strictObject({ uuid, name: z.string(), active: z.boolean() })),
  xml: z.string(),
});
export type NetworkDetails = z.infer<typeof networkDetails>;

const byRef = z.strictObject({ ref: networkRef });

export const networksApi = defineNamespace({
  /** Virtual networks, host bridges and physical interfaces (for macvtap) a VM can join. */
  list: method({ params: z.strictObject({ connection: connectionId }), result: z.array(networkSummary) }),
  /** A virtual network in full: addresses, DHCP, leases, and the VMs that use it. */
  details: method({ params: byRef, result: networkDetails }),
  /**
   * Defines (and by default starts) a virtual network. Addresses that overlap another network of
   * the host, or a route of this machine's own (local hosts), are refused before libvirt is asked.
   */
  create: method({ params: networkSpec, result: z.strictObject({ ref: z.strictObject({ connection: connectionId, uuid }) }) }),
  start: method({ params: byRef, result: done }),
  stop: method({ params: byRef, result: done }),
  setAutostart: method({ params: z.strictObject({ ref: networkRef, autostart: z.boolean() }), result: done }),
  /**
   * Stops and removes the network. Refused while VMs use it (naming them) unless `force`, which
   * the UI asks for after saying which VMs lose their network.
   */
  delete: method({ params: z.strictObject({ ref: networkRef, force: z.boolean().optional() }), result: done }),
  /**
   * Adds a static DHCP host, live (networkUpdate) on a running network and in its definition,
   * so it applies at once without restarting the network. Refused when the MAC or the address is
   * taken there already, or the address lies outside the network.
   */
  addDhcpHost: method({
    params: z.strictObject({ ref: networkRef, family: z.enum(['ipv4', 'ipv6']).optional(), host: dhcpHost }),
    result: z.strictObject({ effect: z.enum(['now', 'definition']) }),
  }),
  /**
   * Replaces the DHCP range of the network's addresses of one family, live (the running
   * network's dnsmasq takes it at once) and in the definition. Refused outside the network.
   */
  setDhcpRange: method({
    params: z.strictObject({ ref: networkRef, family: z.enum(['ipv4', 'ipv6']).optional(), start: z.union([ipv4, ipv6]), end: z.union([ipv4, ipv6]) }),
    result: z.strictObject({ effect: z.enum(['now', 'definition']) }),
  }),
  /**
   * Changes what libvirt cannot change on a running network (domain name, MTU, bridge STP and
   * delay), in its definition, in place; on a running network it takes effect when it next starts.
   */
  update: method({
    params: z.strictObject({
      ref: networkRef,
      set: z.strictObject({
        domainName: hostName.nullable().optional(),
        mtu: z.number().int().min(68).max(65_535).nullable().optional(),
        bridgeStp: z.boolean().optional(),
        bridgeDelay: z.number().int().min(0).max(60).optional(),
      }),
    }),
    result: z.strictObject({ effect: z.enum(['next-start', 'definition']), diff: z.string() }),
  }),
  /** Removes the static DHCP host of this MAC, live and in the definition. */
  removeDhcpHost: method({ params: z.strictObject({ ref: networkRef, mac }), result: z.strictObject({ effect: z.enum(['now', 'definition']) }) }),
});
