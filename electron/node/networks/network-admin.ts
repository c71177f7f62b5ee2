// Virtual networks as a virt-manager user manages them: details with leases and the VMs using
// each, create (NAT, routed, isolated, open, a host bridge, macvtap), start/stop/autostart,
// delete (refused while VMs use it unless forced), and static DHCP hosts changed live.
import * as libvirt from 'virtdeck/native';
import type { DhcpHostSpec, NetworkDetails, NetworkSpec } from '../../common/api/networks.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { Domain } from '../xml/domain.js';
import { Network } from '../xml/network.js';
import { checkAddresses, localRoutes, subnetOf, type Subnet } from './address-plan.js';
import { xmlDiff } from '../xml/text-diff.js';

const { LIVE, CONFIG } = libvirt.NetworkUpdateFlags;
const E = libvirt.ErrorNumber;

/** The VMs of this connection with a NIC on the network `name` (from their definitions, and live XML while they run). */
export async function vmsUsing(conn: libvirt.Connection, name: string): Promise<{ uuid: string; name: string; active: boolean }[]> {
  const doms = await conn.listAllDomains();
  const rows = await Promise.all(
    doms.map(async (d) => {
      const active = await d.isActive().catch(() => false);
      const xmls = await Promise.all([d.XMLDesc(libvirt.DomainXMLFlags.INACTIVE), active ? d.XMLDesc() : Promise.resolve('')]).catch(() => null);
      if (!xmls) return null;
      const uses = xmls.some(
        (x) =>
          x !== '' &&
          Domain.parse(x)
            .devices('interface')
            .some((i) => i.type === 'network' && i.sourceNetwork === name),
      );
      return uses ? { uuid: (await d.UUIDString()).toLowerCase(), name: await d.name(), active } : null;
    }),
  );
  return rows.filter((r) => r !== null).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every address range of the host's virtual networks, except `except`'s. */
async function networkSubnets(conn: libvirt.Connection, except?: string): Promise<Subnet[]> {
  const nets = await conn.listAllNetworks();
  const out: Subnet[] = [];
  for (const n of nets) {
    const name = await n.name();
    if (name === except) continue;
    for (const ip of Network.parse(await n.XMLDesc()).ips) {
      if (!ip.address) continue;
      const prefix = ip.prefix ?? (ip.netmask ? ip.netmask.split('.').reduce((c, o) => c + Number(o).toString(2).replace(/0/g, '').length, 0) : undefined);
      if (prefix !== undefined) out.push(subnetOf(ip.address, prefix, `the network “${name}”`));
    }
  }
  return out;
}

export async function networkDetails(conn: libvirt.Connection, connection: string, net: libvirt.Network): Promise<NetworkDetails> {
  const [xml, name, uuid, active, persistent, autostart] = await Promise.all([net.XMLDesc(), net.name(), net.UUIDString(), net.isActive(), net.isPersistent(), net.autostart()]);
  const def = Network.parse(xml);
  const leases = active ? await net.DHCPLeases().catch(() => []) : [];
  return {
    ref: { connection, uuid: uuid.toLowerCase() },
    name,
    active,
    persistent,
    autostart,
    mode: def.forwardMode ?? 'isolated',
    ...(def.bridgeName ? { bridge: def.bridgeName } : {}),
    ...(def.forwardDev ? { device: def.forwardDev } : {}),
    ips: def.ips.map((ip) => ({
      family: ip.isIpv6 ? ('ipv6' as const) : ('ipv4' as const),
      address: ip.address ?? '',
      ...(ip.prefix !== undefined ? { prefix: ip.prefix } : {}),
      dhcp: ip.ranges.map((r) => ({ start: r.start ?? '', end: r.end ?? '' })),
      hosts: ip.hosts.map((h) => ({ ...(h.mac ? { mac: h.mac } : {}), ...(h.ip ? { ip: h.ip } : {}), ...(h.name ? { name: h.name } : {}) })),
    })),
    ...(def.domainName ? { domainName: def.domainName } : {}),
    ...(def.mtu !== undefined ? { mtu: def.mtu } : {}),
    leases: leases
      .filter((l) => l.ipaddr && l.mac)
      .map((l) => ({
        mac: l.mac ?? '',
        ip: l.ipaddr ?? '',
        prefix: l.prefix,
        ...(l.hostname ? { hostname: l.hostname } : {}),
        ...(l.expirytime ? { expiresAt: l.expirytime * 1000 } : {}),
      })),
    usedBy: await vmsUsing(conn, name),
    xml,
  };
}

/** The network's definition from a spec, through the XML model. */
export function networkXml(spec: NetworkSpec): string {
  const net = Network.create(spec.name);
  switch (spec.mode) {
    case 'isolated':
      break;
    case 'macvtap':
      if (!spec.device) throw new ApiError('invalid-input', msg('network.needsDevice'));
      net.forwardMode = 'bridge';
      net.forwardDev = spec.device;
      break;
    case 'bridge':
      if (!spec.bridge) throw new ApiError('invalid-input', msg('network.needsBridge'));
      net.forwardMode = 'bridge';
      break;
    default:
      net.forwardMode = spec.mode;
      if (spec.device) net.forwardDev = spec.device;
  }
  if (spec.bridge) net.bridgeName = spec.bridge;
  if (spec.mtu !== undefined) net.mtu = spec.mtu;
  if (spec.domainName) net.domainName = spec.domainName;
  const attached = spec.mode === 'bridge' || spec.mode === 'macvtap';
  if (attached && (spec.ipv4 || spec.ipv6)) throw new ApiError('invalid-input', msg('network.noAddressesHere'));
  for (const [family, ip] of [
    ['ipv4', spec.ipv4],
    ['ipv6', spec.ipv6],
  ] as const) {
    if (!ip) continue;
    const el = net.addIp({ address: ip.address, prefix: ip.prefix, ...(family === 'ipv6' ? { family } : {}) });
    if (ip.dhcp) el.addRange(ip.dhcp.start, ip.dhcp.end);
    for (const h of ip.hosts ?? []) el.addHost({ mac: h.mac, ip: h.ip, ...(h.name ? { name: h.name } : {}) });
  }
  for (const h of spec.dnsHosts ?? []) net.addDnsHost(h.ip, h.names);
  return net.doc.serialize();
}

export async function createNetwork(conn: libvirt.Connection, spec: NetworkSpec, local: boolean): Promise<string> {
  const taken = await conn.networkLookupByName(spec.name).then(
    () => true,
    () => false,
  );
  if (taken) throw new ApiError('invalid-input', msg('network.nameTaken', { name: spec.name }));
  const existing = [...(await networkSubnets(conn)), ...(local ? await localRoutes() : [])];
  if (spec.ipv4) checkAddresses(spec.ipv4, spec.name, existing);
  if (spec.ipv6) checkAddresses(spec.ipv6, spec.name, existing);
  const xml = networkXml(spec);
  let net: libvirt.Network;
  try {
    net = await conn.networkDefineXML(xml);
  } catch (err) {
    if (err instanceof libvirt.LibvirtError) throw new ApiError('invalid-input', msg('network.refused', { detail: err.message }), { libvirtCode: err.code });
    throw err;
  }
  try {
    if (spec.autostart) await net.setAutostart(true);
    if (spec.start !== false) await net.create();
  } catch (err) {
    // Nothing half-made: a network that cannot start is not left defined.
    await net.undefine().catch(() => undefined);
    if (err instanceof libvirt.LibvirtError)
      throw new ApiError('operation-failed', msg('network.startFailed', { name: spec.name, detail: err.message }), { libvirtCode: err.code });
    throw err;
  }
  return (await net.UUIDString()).toLowerCase();
}

export async function deleteNetwork(conn: libvirt.Connection, net: libvirt.Network, force: boolean): Promise<void> {
  const name = await net.name();
  const users = await vmsUsing(conn, name);
  if (users.length && !force) throw new ApiError('invalid-input', msg('network.inUse', { name, vms: users.map((u) => u.name).join(', '), count: users.length }));
  if (await net.isActive()) await net.destroy();
  if (await net.isPersistent().catch(() => false)) await net.undefine();
}

function ipIndex(def: Network, family: 'ipv4' | 'ipv6' | undefined, ip: string): number {
  const want = family ?? (ip.includes(':') ? 'ipv6' : 'ipv4');
  return def.ips.findIndex((x) => (want === 'ipv6') === x.isIpv6);
}

/** Adds a static DHCP host live (when running) and in the definition. */
export async function addDhcpHost(net: libvirt.Network, family: 'ipv4' | 'ipv6' | undefined, host: DhcpHostSpec): Promise<{ effect: 'now' | 'definition' }> {
  const def = Network.parse(await net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE));
  const index = ipIndex(def, family, host.ip);
  const ip = def.ips[index];
  if (!ip?.address || ip.prefix === undefined) throw new ApiError('invalid-input', msg('network.noSuchFamily', { family: family ?? 'ipv4' }));
  checkAddresses({ address: ip.address, prefix: ip.prefix, hosts: [host] }, await net.name(), []);
  const clash = ip.hosts.find((h) => h.mac?.toLowerCase() === host.mac.toLowerCase() || h.ip === host.ip);
  if (clash) throw new ApiError('invalid-input', msg('network.hostTaken', { mac: clash.mac ?? '', ip: clash.ip ?? '' }));
  // The entry's XML through the model: a scratch network holding just this host.
  const scratch = Network.create('scratch')
    .addIp({ address: ip.address, prefix: ip.prefix })
    .addHost({ mac: host.mac, ip: host.ip, ...(host.name ? { name: host.name } : {}) });
  const active = await net.isActive();
  try {
    await net.update(libvirt.NetworkUpdateCommand.ADD_LAST, libvirt.NetworkUpdateSection.IP_DHCP_HOST, index, scratch.el.serialize(), active ? LIVE | CONFIG : CONFIG);
  } catch (err) {
    if (err instanceof libvirt.LibvirtError) throw new ApiError('operation-failed', msg('network.refused', { detail: err.message }), { libvirtCode: err.code });
    throw err;
  }
  return { effect: active ? 'now' : 'definition' };
}

export async function removeDhcpHost(net: libvirt.Network, mac: string): Promise<{ effect: 'now' | 'definition' }> {
  const def = Network.parse(await net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE));
  const index = def.ips.findIndex((ip) => ip.hosts.some((h) => h.mac?.toLowerCase() === mac.toLowerCase()));
  const host = def.ips[index]?.hosts.find((h) => h.mac?.toLowerCase() === mac.toLowerCase());
  if (!host) throw new ApiError('invalid-input', msg('network.noSuchHost', { mac }));
  const active = await net.isActive();
  try {
    await net.update(libvirt.NetworkUpdateCommand.DELETE, libvirt.NetworkUpdateSection.IP_DHCP_HOST, index, host.el.serialize(), active ? LIVE | CONFIG : CONFIG);
  } catch (err) {
    if (err instanceof libvirt.LibvirtError && err.code !== E.NO_NETWORK)
      throw new ApiError('operation-failed', msg('network.refused', { detail: err.message }), { libvirtCode: err.code });
    throw err;
  }
  return { effect: active ? 'now' : 'definition' };
}

/** Replaces the DHCP range of one family's addresses, live (when running) and in the definition. */
export async function setDhcpRange(net: libvirt.Network, family: 'ipv4' | 'ipv6' | undefined, start: string, end: string): Promise<{ effect: 'now' | 'definition' }> {
  const def = Network.parse(await net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE));
  const index = ipIndex(def, family, start);
  const ip = def.ips[index];
  if (!ip?.address || ip.prefix === undefined) throw new ApiError('invalid-input', msg('network.noSuchFamily', { family: family ?? 'ipv4' }));
  checkAddresses({ address: ip.address, prefix: ip.prefix, dhcp: { start, end } }, await net.name(), []);
  const active = await net.isActive();
  const flags = active ? LIVE | CONFIG : CONFIG;
  const scratchIp = Network.create('scratch').addIp({ address: ip.address, prefix: ip.prefix });
  const added = scratchIp.addRange(start, end).el.serialize();
  const old = ip.ranges.map((r) => r.el.serialize());
  try {
    // libvirt changes ranges only by adding and deleting them: the new one first, so the
    // network is never without one; then the old ones.
    await net.update(libvirt.NetworkUpdateCommand.ADD_LAST, libvirt.NetworkUpdateSection.IP_DHCP_RANGE, index, added, flags);
    for (const r of old) await net.update(libvirt.NetworkUpdateCommand.DELETE, libvirt.NetworkUpdateSection.IP_DHCP_RANGE, index, r, flags);
  } catch (err) {
    if (err instanceof libvirt.LibvirtError) throw new ApiError('operation-failed', msg('network.refused', { detail: err.message }), { libvirtCode: err.code });
    throw err;
  }
  return { effect: active ? 'now' : 'definition' };
}

/** Edits what a running network cannot change, in its definition, in place. */
export async function updateNetwork(
  conn: libvirt.Connection,
  net: libvirt.Network,
  set: { domainName?: string | null | undefined; mtu?: number | null | undefined; bridgeStp?: boolean | undefined; bridgeDelay?: number | undefined },
): Promise<{ effect: 'next-start' | 'definition'; diff: string }> {
  const before = await net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE);
  const def = Network.parse(before);
  for (const [name, value] of Object.entries(set)) if (value !== undefined) Reflect.set(def, name, value ?? undefined);
  const after = def.doc.serialize();
  if (after !== before) {
    try {
      await conn.networkDefineXML(after);
    } catch (err) {
      if (err instanceof libvirt.LibvirtError) throw new ApiError('invalid-input', msg('network.refused', { detail: err.message }), { libvirtCode: err.code });
      throw err;
    }
  }
  return { effect: (await net.isActive()) ? 'next-start' : 'definition', diff: xmlDiff(before, after) };
}
