// The Create Network dialog's form as plain data: its fields as typed, what is wrong with them
// (as i18n keys), a DHCP range that follows the address until the user sets one, and the
// NetworkSpec it becomes. No DOM and no React: unit-tested. The backend checks again, and more
// (overlaps with the host's other networks and routes): its refusal is shown in its own words.
import type { DhcpHostSpec, NetworkSpec } from '../../../../electron/common/api/networks.js';
import type { FieldProblem } from '../../components/form/form-state.js';

export const NETWORK_MODES = ['nat', 'route', 'isolated', 'open', 'bridge', 'macvtap'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

/** Modes whose guests get addresses from the network itself (the others join the host's LAN). */
export const hasOwnAddresses = (mode: NetworkMode): boolean => mode !== 'bridge' && mode !== 'macvtap';

export interface HostRow {
  mac: string;
  ip: string;
  name: string;
}

export interface IpForm {
  enabled: boolean;
  address: string;
  prefix: string;
  dhcp: boolean;
  dhcpStart: string;
  dhcpEnd: string;
  /** The range was typed by the user: it no longer follows the address. */
  rangeEdited: boolean;
  hosts: HostRow[];
}

export interface NetworkForm {
  name: string;
  mode: NetworkMode;
  bridge: string;
  device: string;
  ipv4: IpForm;
  ipv6: IpForm;
  domainName: string;
  autostart: boolean;
  start: boolean;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]{2,39}$/;
const MAC = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

export const isIpv4 = (s: string): boolean => IPV4.test(s);
export const isIpv6 = (s: string): boolean => IPV6.test(s) && s.includes(':');

function ip4ToInt(s: string): number {
  return s.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}
function intToIp4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The first and last address of an IPv4 network (its own and its broadcast address). */
export function ipv4Bounds(address: string, prefix: number): { network: number; broadcast: number } {
  const size = 2 ** (32 - prefix);
  const network = Math.floor(ip4ToInt(address) / size) * size;
  return { network, broadcast: network + size - 1 };
}

/** What a new network's DHCP range is until the user sets one: the upper half of the subnet (as virt-manager offers). */
export function suggestedRange(address: string, prefix: number): { start: string; end: string } | null {
  if (!isIpv4(address) || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) return null;
  const { network, broadcast } = ipv4Bounds(address, prefix);
  const size = broadcast - network + 1;
  const start = Math.max(network + size / 2, network + 2);
  return { start: intToIp4(start), end: intToIp4(broadcast - 1) };
}

const emptyIp = (enabled: boolean, address: string, prefix: string): IpForm => ({
  enabled,
  address,
  prefix,
  dhcp: enabled,
  dhcpStart: '',
  dhcpEnd: '',
  rangeEdited: false,
  hosts: [],
});

/** A new form: a NAT network on 192.168.<n>.0/24 (n chosen by the caller) with DHCP on its upper half. */
export function initialNetworkForm(thirdOctet = 100): NetworkForm {
  const ipv4 = withAddress(emptyIp(true, `192.168.${thirdOctet}.1`, '24'), {});
  return { name: '', mode: 'nat', bridge: '', device: '', ipv4, ipv6: emptyIp(false, '', '64'), domainName: '', autostart: true, start: true };
}

/** Changes an IPv4 section's address or prefix; the DHCP range follows while the user has not set it. */
export function withAddress(ip: IpForm, change: { address?: string; prefix?: string }): IpForm {
  const next = { ...ip, ...change };
  if (next.rangeEdited) return next;
  const range = suggestedRange(next.address, Number(next.prefix));
  return range ? { ...next, dhcpStart: range.start, dhcpEnd: range.end } : next;
}

/** A field of the form, for its problem: `ipv4.address`, `ipv4.hosts.2.mac`. */
export type FieldPath = string;
export type Problems = Record<FieldPath, FieldProblem>;

function ipProblems(family: 'ipv4' | 'ipv6', ip: IpForm, out: Problems): void {
  if (!ip.enabled) return;
  const valid = family === 'ipv4' ? isIpv4 : isIpv6;
  const maxPrefix = family === 'ipv4' ? 30 : 126;
  if (!valid(ip.address)) out[`${family}.address`] = { key: family === 'ipv4' ? 'host.networks.problem_ipv4' : 'host.networks.problem_ipv6' };
  const prefix = Number(ip.prefix);
  if (ip.prefix.trim() === '' || !Number.isInteger(prefix) || prefix < 8 || prefix > maxPrefix)
    out[`${family}.prefix`] = { key: 'host.networks.problem_prefix', params: { min: 8, max: maxPrefix } };
  if (family === 'ipv4' && !out[`${family}.address`] && !out[`${family}.prefix`]) {
    const { network, broadcast } = ipv4Bounds(ip.address, prefix);
    const a = ip4ToInt(ip.address);
    if (a === network || a === broadcast) out[`${family}.address`] = { key: 'host.networks.problem_addressReserved' };
  }
  if (ip.dhcp) {
    if (!valid(ip.dhcpStart)) out[`${family}.dhcpStart`] = { key: family === 'ipv4' ? 'host.networks.problem_ipv4' : 'host.networks.problem_ipv6' };
    if (!valid(ip.dhcpEnd)) out[`${family}.dhcpEnd`] = { key: family === 'ipv4' ? 'host.networks.problem_ipv4' : 'host.networks.problem_ipv6' };
    if (family === 'ipv4' && !out['ipv4.dhcpStart'] && !out['ipv4.dhcpEnd'] && ip4ToInt(ip.dhcpStart) > ip4ToInt(ip.dhcpEnd))
      out['ipv4.dhcpEnd'] = { key: 'host.networks.problem_rangeBackwards' };
  }
  const macs = new Set<string>();
  ip.hosts.forEach((h, i) => {
    const at = `${family}.hosts.${i}`;
    if (!MAC.test(h.mac)) out[`${at}.mac`] = { key: 'host.networks.problem_mac' };
    else if (macs.has(h.mac.toLowerCase())) out[`${at}.mac`] = { key: 'host.networks.problem_macTwice' };
    macs.add(h.mac.toLowerCase());
    if (!valid(h.ip)) out[`${at}.ip`] = { key: family === 'ipv4' ? 'host.networks.problem_ipv4' : 'host.networks.problem_ipv6' };
    if (h.name !== '' && !HOSTNAME.test(h.name)) out[`${at}.name`] = { key: 'host.networks.problem_hostName' };
  });
}

/** What is wrong with the form, per field; empty when it can be sent. */
export function networkFormProblems(f: NetworkForm): Problems {
  const out: Problems = {};
  if (f.name.trim() === '') out['name'] = { key: 'host.networks.problem_nameEmpty' };
  else if (!NAME.test(f.name) || f.name.length > 256) out['name'] = { key: 'host.networks.problem_name' };
  if (f.mode === 'bridge' && f.bridge.trim() === '') out['bridge'] = { key: 'host.networks.problem_bridgeNeeded' };
  else if (f.bridge !== '' && !IFNAME.test(f.bridge)) out['bridge'] = { key: 'host.networks.problem_ifname' };
  if (f.mode === 'macvtap' && f.device.trim() === '') out['device'] = { key: 'host.networks.problem_deviceNeeded' };
  else if (f.device !== '' && !IFNAME.test(f.device)) out['device'] = { key: 'host.networks.problem_ifname' };
  if (f.domainName !== '' && !HOSTNAME.test(f.domainName)) out['domainName'] = { key: 'host.networks.problem_hostName' };
  if (hasOwnAddresses(f.mode)) {
    ipProblems('ipv4', f.ipv4, out);
    ipProblems('ipv6', f.ipv6, out);
  }
  return out;
}

function ipSpec(ip: IpForm): NonNullable<NetworkSpec['ipv4']> {
  const hosts: DhcpHostSpec[] = ip.hosts.map((h) => ({ mac: h.mac.toLowerCase(), ip: h.ip, ...(h.name ? { name: h.name } : {}) }));
  return {
    address: ip.address,
    prefix: Number(ip.prefix),
    ...(ip.dhcp ? { dhcp: { start: ip.dhcpStart, end: ip.dhcpEnd } } : {}),
    ...(hosts.length ? { hosts } : {}),
  };
}

/** The spec the form asks for (call only when networkFormProblems is empty). */
export function networkSpecOf(connection: string, f: NetworkForm): NetworkSpec {
  const own = hasOwnAddresses(f.mode);
  const device = f.mode === 'macvtap' || f.mode === 'route' ? f.device.trim() : '';
  const bridge = f.mode === 'macvtap' ? '' : f.bridge.trim();
  return {
    connection,
    name: f.name.trim(),
    mode: f.mode,
    ...(bridge ? { bridge } : {}),
    ...(device ? { device } : {}),
    ...(own && f.ipv4.enabled ? { ipv4: ipSpec(f.ipv4) } : {}),
    ...(own && f.ipv6.enabled ? { ipv6: ipSpec(f.ipv6) } : {}),
    ...(own && f.domainName ? { domainName: f.domainName } : {}),
    autostart: f.autostart,
    start: f.start,
  };
}

/** A static DHCP host typed into a network's details: its problems, per field. */
export function dhcpHostProblems(h: HostRow, family: 'ipv4' | 'ipv6'): Problems {
  const out: Problems = {};
  if (!MAC.test(h.mac)) out['mac'] = { key: 'host.networks.problem_mac' };
  if (!(family === 'ipv4' ? isIpv4(h.ip) : isIpv6(h.ip))) out['ip'] = { key: family === 'ipv4' ? 'host.networks.problem_ipv4' : 'host.networks.problem_ipv6' };
  if (h.name !== '' && !HOSTNAME.test(h.name)) out['name'] = { key: 'host.networks.problem_hostName' };
  return out;
}
