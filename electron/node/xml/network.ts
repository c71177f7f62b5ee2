// The virtual network model: libvirt's <network> as properties bound to its XML (virtinst's
// network.py), with its addresses, DHCP ranges and hosts, DNS hosts and port groups as objects
// of their own. Edits are in place: what is not modelled (NAT ranges, routes, bandwidth,
// virtualport, dnsmasq options…) stays byte-identical.
import { XmlObject, bindProps, p, type SchemaOrder } from './binding.js';
import { appendChild, childObjects, removeChild } from './children.js';
import { XmlDocument } from './document.js';

export const FORWARD_MODES = ['nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev'] as const;
export type ForwardMode = (typeof FORWARD_MODES)[number];

// libvirt's formatter order (network_conf.c, virNetworkDefFormatBuf).
const NETWORK_ORDER: SchemaOrder = {
  '': [
    'name',
    'uuid',
    'title',
    'description',
    'metadata',
    'forward',
    'bridge',
    'mtu',
    'mac',
    'domain',
    'dns',
    'vlan',
    'bandwidth',
    'port',
    'ip',
    'route',
    'virtualport',
    'portgroup',
  ],
  forward: ['driver', 'nat', 'pf', 'interface', 'address'],
  dns: ['forwarder', 'txt', 'srv', 'host'],
};
const IP_ORDER: SchemaOrder = { '': ['tftp', 'dhcp'], dhcp: ['range', 'host', 'bootp'] };

export class Network extends XmlObject {
  declare name: string | undefined;
  declare uuid: string | undefined;
  declare forwardMode: ForwardMode | undefined;
  declare forwardDev: string | undefined;
  declare bridgeName: string | undefined;
  declare bridgeStp: boolean | undefined;
  declare bridgeDelay: number | undefined;
  declare macAddress: string | undefined;
  declare mtu: number | undefined;
  declare domainName: string | undefined;
  declare domainLocalOnly: boolean | undefined;

  static parse(xml: string): Network {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'network') throw new Error(`Not a network definition: the root element is <${doc.root.name}>.`);
    return new Network(doc, doc.root);
  }

  /** A new network of this name, to be filled in through its properties. */
  static create(name: string): Network {
    const doc = XmlDocument.create('network');
    const net = new Network(doc, doc.root);
    net.name = name;
    return net;
  }

  protected override schemaOrder(): SchemaOrder {
    return NETWORK_ORDER;
  }

  /** The addresses (IPv4 and IPv6), each with its DHCP ranges and hosts. */
  get ips(): NetworkIp[] {
    return childObjects(this, [], 'ip', (el) => new NetworkIp(this.doc, el));
  }

  /** Adds an address after the others; `prefix` or `netmask` says the subnet. */
  addIp(spec: { address: string; prefix?: number; netmask?: string; family?: 'ipv4' | 'ipv6' }): NetworkIp {
    const ip = new NetworkIp(this.doc, appendChild(this, [], 'ip', NETWORK_ORDER['']!));
    if (spec.family) ip.family = spec.family;
    ip.address = spec.address;
    if (spec.netmask !== undefined) ip.netmask = spec.netmask;
    if (spec.prefix !== undefined) ip.prefix = spec.prefix;
    return ip;
  }

  removeIp(ip: NetworkIp): void {
    removeChild(this, ip.el);
  }

  get dnsHosts(): DnsHost[] {
    return childObjects(this, ['dns'], 'host', (el) => new DnsHost(this.doc, el));
  }

  /** Adds a DNS host record: an address and its names. */
  addDnsHost(ip: string, hostnames: readonly string[]): DnsHost {
    const host = new DnsHost(this.doc, appendChild(this, ['dns'], 'host', NETWORK_ORDER.dns!));
    host.ip = ip;
    host.hostnames = hostnames;
    return host;
  }

  removeDnsHost(host: DnsHost): void {
    removeChild(this, host.el);
  }

  /** Port groups, read as they are (their vlan, virtualport and bandwidth are kept untouched). */
  get portgroups(): PortGroup[] {
    return childObjects(this, [], 'portgroup', (el) => new PortGroup(this.doc, el));
  }
}
bindProps(Network, [
  p.str('name', './name'),
  p.str('uuid', './uuid'),
  // Attributes in libvirt's order: a new one is written before those that follow it.
  p.str('forwardDev', './forward/@dev'),
  p.enum('forwardMode', './forward/@mode', FORWARD_MODES),
  p.str('bridgeName', './bridge/@name'),
  p.onOff('bridgeStp', './bridge/@stp'),
  p.int('bridgeDelay', './bridge/@delay'),
  p.str('macAddress', './mac/@address'),
  p.int('mtu', './mtu/@size'),
  p.str('domainName', './domain/@name'),
  p.bool('domainLocalOnly', './domain/@localOnly'),
]);

/** One <ip>: an address of the network with its subnet, and DHCP for it. */
export class NetworkIp extends XmlObject {
  declare address: string | undefined;
  declare prefix: number | undefined;
  declare netmask: string | undefined;
  declare family: 'ipv4' | 'ipv6' | undefined;
  declare tftpRoot: string | undefined;
  declare bootpFile: string | undefined;
  declare bootpServer: string | undefined;

  protected override schemaOrder(): SchemaOrder {
    return IP_ORDER;
  }

  /** IPv6 when the family says so or the address is one; libvirt's default is IPv4. */
  get isIpv6(): boolean {
    return this.family === 'ipv6' || (this.address ?? '').includes(':');
  }

  get ranges(): DhcpRange[] {
    return childObjects(this, ['dhcp'], 'range', (el) => new DhcpRange(this.doc, el));
  }

  addRange(start: string, end: string): DhcpRange {
    const r = new DhcpRange(this.doc, appendChild(this, ['dhcp'], 'range', IP_ORDER.dhcp!));
    r.start = start;
    r.end = end;
    return r;
  }

  removeRange(range: DhcpRange): void {
    removeChild(this, range.el);
  }

  get hosts(): DhcpHost[] {
    return childObjects(this, ['dhcp'], 'host', (el) => new DhcpHost(this.doc, el));
  }

  /** A static lease: by MAC (IPv4) or DHCP id/name (IPv6), to an address. */
  addHost(spec: { mac?: string; id?: string; name?: string; ip: string }): DhcpHost {
    const h = new DhcpHost(this.doc, appendChild(this, ['dhcp'], 'host', IP_ORDER.dhcp!));
    if (spec.mac !== undefined) h.mac = spec.mac;
    if (spec.id !== undefined) h.id = spec.id;
    if (spec.name !== undefined) h.name = spec.name;
    h.ip = spec.ip;
    return h;
  }

  removeHost(host: DhcpHost): void {
    removeChild(this, host.el);
  }
}
bindProps(NetworkIp, [
  p.enum('family', './@family', ['ipv4', 'ipv6']),
  p.str('address', './@address'),
  p.str('netmask', './@netmask'),
  p.int('prefix', './@prefix'),
  p.str('tftpRoot', './tftp/@root'),
  p.str('bootpFile', './dhcp/bootp/@file'),
  p.str('bootpServer', './dhcp/bootp/@server'),
]);

export class DhcpRange extends XmlObject {
  declare start: string | undefined;
  declare end: string | undefined;
}
bindProps(DhcpRange, [p.str('start', './@start'), p.str('end', './@end')]);

export class DhcpHost extends XmlObject {
  declare mac: string | undefined;
  declare id: string | undefined;
  declare name: string | undefined;
  declare ip: string | undefined;
}
bindProps(DhcpHost, [p.str('mac', './@mac'), p.str('id', './@id'), p.str('name', './@name'), p.str('ip', './@ip')]);

export class DnsHost extends XmlObject {
  declare ip: string | undefined;
  declare hostnames: readonly string[] | undefined;
}
bindProps(DnsHost, [p.str('ip', './@ip'), p.list('hostnames', './hostname')]);

export class PortGroup extends XmlObject {
  declare name: string | undefined;
  declare isDefault: boolean | undefined;
  declare trustGuestRxFilters: boolean | undefined;
}
bindProps(PortGroup, [p.str('name', './@name'), p.bool('isDefault', './@default'), p.bool('trustGuestRxFilters', './@trustGuestRxFilters')]);
