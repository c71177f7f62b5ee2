// Title, guest addresses and pending restarts of the VMs on screen: per-VM libvirt calls, so
// never part of the bulk listing. One XMLDesc per VM gives the title, whether it runs, whether it has network
// interfaces at all and whether its guest agent is connected; addresses are then asked for
// only where they can exist: DHCP leases first, then the host's ARP table, then the guest
// agent (only when libvirt says it is connected, and only for as long as it answers quickly).
import * as libvirt from 'virtdeck/native';
import type { DomainExtras } from '../../common/api/domains.js';
import { Domain } from '../xml/domain.js';
import { pendingChanges } from './edit/hardware.js';
import { HostObjects, isNotFound } from '../objects/registry.js';

const SRC = libvirt.DomainInterfaceAddressesSource;
/** How long an agent query may take before its answer is not waited for. */
export const AGENT_WAIT_MS = 1500;

export interface XmlFacts {
  title?: string;
  active: boolean;
  interfaces: number;
  agentConnected: boolean;
}

export function xmlFacts(xml: string): XmlFacts {
  const dom = Domain.parse(xml);
  const title = dom.title;
  const agentConnected = dom.devices('channel').some((c) => c.targetName === 'org.qemu.guest_agent.0' && c.targetState === 'connected');
  return { ...(title ? { title } : {}), active: dom.liveId !== undefined, interfaces: dom.devices('interface').length, agentConnected };
}

/** Addresses worth showing: no loopback, no IPv6 link-local, each once. */
export function addressesOf(ifaces: libvirt.DomainInterface[]): string[] {
  const out = new Set<string>();
  for (const i of ifaces) {
    if (i.name === 'lo') continue;
    for (const a of i.addrs) {
      const ip = a.addr;
      if (!ip || ip.startsWith('127.') || ip === '::1' || ip.toLowerCase().startsWith('fe80:')) continue;
      out.add(ip);
    }
  }
  return [...out];
}

export interface ExtrasOptions {
  addresses: boolean;
  /** Agents that did not answer in time, by `${uuid}:${id}` (so a restarted VM gets another try). */
  slowAgents: Set<string>;
  /** VMs whose summary lacks vCPUs or memory (no bulk stats): read them with getInfo. */
  needsInfo?: (uuid: string) => boolean;
  /** Whether a VM is persistent, where the VM list knows it already (spares a call per row). */
  persistent?: (uuid: string) => boolean | undefined;
}

async function query(dom: libvirt.Domain, source: number): Promise<string[]> {
  try {
    return addressesOf(await dom.interfaceAddresses(source));
  } catch {
    return []; // no lease source, no ARP entry, no agent: nothing libvirt can tell
  }
}

async function fromAgent(dom: libvirt.Domain, key: string, slow: Set<string>): Promise<string[]> {
  if (slow.has(key)) return [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), AGENT_WAIT_MS);
  });
  const answer = await Promise.race([query(dom, SRC.AGENT), late]);
  clearTimeout(timer);
  if (answer === null) slow.add(key);
  return answer ?? [];
}

async function one(objects: HostObjects, uuid: string, opts: ExtrasOptions): Promise<DomainExtras | undefined> {
  let dom: libvirt.Domain;
  let facts: XmlFacts;
  let liveXml: string;
  try {
    dom = await objects.domain(uuid);
    liveXml = await dom.XMLDesc();
    facts = xmlFacts(liveXml);
  } catch (err) {
    // Gone before or right after its lookup: left out, as an unknown UUID.
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const row: DomainExtras = { uuid, ...(facts.title !== undefined ? { title: facts.title } : {}), addresses: [] };
  if (opts.needsInfo?.(uuid)) {
    const info = await dom.info().catch(() => null);
    if (info) Object.assign(row, { vcpus: info.nrVirtCpu, memoryKiB: info.memory, maxMemoryKiB: info.maxMem });
  }
  // A running VM whose definition holds changes it has not taken yet shows "restart pending".
  if (facts.active && (opts.persistent?.(uuid) ?? (await dom.isPersistent()))) {
    const config = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE).catch(() => null);
    if (config !== null && pendingChanges(Domain.parse(config), Domain.parse(liveXml)).length > 0) row.pendingRestart = true;
  }
  if (!opts.addresses || !facts.active) return row;
  if (facts.interfaces > 0) row.addresses = await query(dom, SRC.LEASE);
  if (row.addresses.length === 0 && facts.interfaces > 0) row.addresses = await query(dom, SRC.ARP);
  if (row.addresses.length === 0 && facts.agentConnected) row.addresses = await fromAgent(dom, `${uuid}:${await dom.ID()}`, opts.slowAgents);
  return row;
}

/** Title and addresses of the given VMs; unknown UUIDs are left out. */
export async function readExtras(conn: libvirt.Connection, uuids: readonly string[], opts: ExtrasOptions): Promise<DomainExtras[]> {
  const objects = new HostObjects(conn);
  const rows = await Promise.all(uuids.map((u) => one(objects, u, opts)));
  return rows.filter((r) => r !== undefined);
}
