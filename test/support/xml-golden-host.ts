// Golden pairs for the host-side XML models (network, storage pool and volume, snapshot,
// capabilities, domain capabilities, host devices), in the format of the domain model's pairs: each
// test/fixtures/xml/KIND/NAME-OP-in.xml starts with a comment naming one edit,
//   <!-- edit: ips[0].ranges[0] start = "192.168.150.50" -->   (set or change; JSON value)
//   <!-- edit: network mtu clear -->                            (clear)
// where the target is the document's root object (its kind) or a path of list accessors from
// it. Shared by the test and by gen-xml-golden-host.ts, which writes the pairs from base.xml.
import type { PropValue, XmlObject } from '../../electron/node/xml/binding.js';
import { Capabilities, CapsGuest, CapsGuestDomain, NumaCell } from '../../electron/node/xml/capabilities.js';
import { DomainCapabilities } from '../../electron/node/xml/domain-capabilities.js';
import { NodeDevice } from '../../electron/node/xml/node-device.js';
import { DhcpHost, DhcpRange, DnsHost, Network, NetworkIp, PortGroup } from '../../electron/node/xml/network.js';
import { Snapshot, SnapshotDisk } from '../../electron/node/xml/snapshot.js';
import { StoragePool } from '../../electron/node/xml/storage-pool.js';
import { StorageVolume } from '../../electron/node/xml/storage-volume.js';

export interface GoldenKind {
  /** The folder under test/fixtures/xml/ and the name of the root target in edit comments. */
  kind: string;
  parse(xml: string): XmlObject;
  /** Each class of this kind with the target (in base.xml) its golden pairs edit. */
  classes: { cls: { name: string }; target: string; /** Where base.xml has a property elsewhere. */ per?: Record<string, string> }[];
}

export const GOLDEN_KINDS: GoldenKind[] = [
  {
    kind: 'network',
    parse: (x) => Network.parse(x),
    classes: [
      { cls: Network, target: 'network' },
      { cls: NetworkIp, target: 'ips[0]' },
      { cls: DhcpRange, target: 'ips[0].ranges[0]' },
      { cls: DhcpHost, target: 'ips[0].hosts[0]' },
      { cls: DnsHost, target: 'dnsHosts[0]' },
      { cls: PortGroup, target: 'portgroups[0]' },
    ],
  },
  { kind: 'storage-pool', parse: (x) => StoragePool.parse(x), classes: [{ cls: StoragePool, target: 'storage-pool' }] },
  { kind: 'storage-volume', parse: (x) => StorageVolume.parse(x), classes: [{ cls: StorageVolume, target: 'storage-volume' }] },
  {
    kind: 'snapshot',
    parse: (x) => Snapshot.parse(x),
    classes: [
      { cls: Snapshot, target: 'snapshot' },
      { cls: SnapshotDisk, target: 'disks[0]', per: { sourceDev: 'disks[1]' } },
    ],
  },
  {
    kind: 'capabilities',
    parse: (x) => Capabilities.parse(x),
    classes: [
      { cls: Capabilities, target: 'capabilities' },
      { cls: NumaCell, target: 'numaCells[0]' },
      { cls: CapsGuest, target: 'guests[0]' },
      { cls: CapsGuestDomain, target: 'guests[0].domains[1]' },
    ],
  },
  { kind: 'domain-capabilities', parse: (x) => DomainCapabilities.parse(x), classes: [{ cls: DomainCapabilities, target: 'domain-capabilities' }] },
  { kind: 'node-device', parse: (x) => NodeDevice.parse(x), classes: [{ cls: NodeDevice, target: 'node-device' }] },
];

export const EDIT = /^<!-- edit: ([\w.[\]-]+) (\w+) (?:= (.*?)|clear) -->\n/;

/** The object a target names: the root, or list accessors from it (`ips[0].ranges[1]`). */
export function resolveTarget(root: XmlObject, kind: string, target: string): XmlObject | undefined {
  if (target === kind) return root;
  let o: unknown = root;
  for (const step of target.split('.')) {
    const m = /^(\w+)\[(\d+)\]$/.exec(step);
    if (!m) return undefined;
    const list = (o as Record<string, unknown>)[m[1]!];
    o = Array.isArray(list) ? list[Number(m[2])] : undefined;
    if (o === undefined) return undefined;
  }
  return o as XmlObject;
}

export function editComment(target: string, prop: string, value: PropValue | undefined): string {
  return value === undefined ? `<!-- edit: ${target} ${prop} clear -->\n` : `<!-- edit: ${target} ${prop} = ${JSON.stringify(value)} -->\n`;
}
