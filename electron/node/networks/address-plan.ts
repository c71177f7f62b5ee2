// Checking a new network's addresses before libvirt is asked: DHCP ranges and static hosts lie
// inside the network, and the network overlaps no other network of the host and (for this
// machine) none of its routes. libvirt finds some of this only when the network starts, and
// then in dnsmasq's or the kernel's words; here it is refused up front, naming what it hits.
import { readFile } from 'node:fs/promises';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';

export interface Subnet {
  family: 'ipv4' | 'ipv6';
  first: bigint;
  last: bigint;
  /** What it belongs to, for the refusal's words (a network's name, a route's device). */
  owner: string;
  cidr: string;
}

function parseIpv4(s: string): bigint {
  return s.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function parseIpv6(s: string): bigint {
  const [head = '', tail] = s.toLowerCase().split('::');
  const groups = (x: string) => (x === '' ? [] : x.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (all.length !== 8) throw new Error(`not an IPv6 address: ${s}`);
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

export function parseIp(s: string): { family: 'ipv4' | 'ipv6'; value: bigint } {
  return s.includes(':') ? { family: 'ipv6', value: parseIpv6(s) } : { family: 'ipv4', value: parseIpv4(s) };
}

export function subnetOf(address: string, prefix: number, owner: string): Subnet {
  const { family, value } = parseIp(address);
  const bits = family === 'ipv4' ? 32n : 128n;
  const host = (1n << (bits - BigInt(prefix))) - 1n;
  const first = value & ~host & ((1n << bits) - 1n);
  return { family, first, last: first | host, owner, cidr: `${address}/${prefix}` };
}

const inside = (s: Subnet, ip: string): boolean => {
  const { family, value } = parseIp(ip);
  return family === s.family && value > s.first && value < s.last;
};

export interface PlannedIp {
  address: string;
  prefix: number;
  dhcp?: { start: string; end: string } | undefined;
  hosts?: readonly { mac: string; ip: string }[] | undefined;
}

/** Refuses addresses of one planned network that do not fit, or overlap what exists. */
export function checkAddresses(ip: PlannedIp, name: string, existing: readonly Subnet[]): void {
  const subnet = subnetOf(ip.address, ip.prefix, name);
  if (!inside(subnet, ip.address)) throw new ApiError('invalid-input', msg('network.addressNotUsable', { address: ip.address, cidr: subnet.cidr }));
  if (ip.dhcp) {
    const { start, end } = ip.dhcp;
    if (!inside(subnet, start) || !inside(subnet, end)) throw new ApiError('invalid-input', msg('network.rangeOutside', { start, end, cidr: subnet.cidr }));
    if (parseIp(start).value > parseIp(end).value) throw new ApiError('invalid-input', msg('network.rangeBackwards', { start, end }));
  }
  for (const h of ip.hosts ?? []) {
    if (!inside(subnet, h.ip)) throw new ApiError('invalid-input', msg('network.hostOutside', { ip: h.ip, cidr: subnet.cidr }));
  }
  const clash = existing.find((o) => o.family === subnet.family && o.first <= subnet.last && subnet.first <= o.last);
  if (clash) throw new ApiError('invalid-input', msg('network.overlaps', { cidr: subnet.cidr, other: clash.owner, otherCidr: clash.cidr }));
}

/** This machine's IPv4 routes (not the default route), from the kernel's table. */
export async function localRoutes(table = '/proc/net/route'): Promise<Subnet[]> {
  const text = await readFile(table, 'utf8').catch(() => '');
  const out: Subnet[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iface, dest, , , , , , mask] = line.trim().split(/\s+/);
    if (!iface || !dest || !mask) continue;
    // Little-endian hex, as the kernel prints it.
    const le = (hex: string) => BigInt(`0x${hex.match(/../g)?.reverse().join('') ?? '0'}`);
    const m = le(mask);
    if (m === 0n) continue;
    const prefix = m.toString(2).replace(/0+$/, '').length;
    const d = le(dest);
    const address = [24n, 16n, 8n, 0n].map((shift) => String((d >> shift) & 255n)).join('.');
    out.push(subnetOf(address, prefix, `${iface} (a route of this machine)`));
  }
  return out;
}
