// The host's physical network interfaces a new VM can use through macvtap (virt-manager's
// "Host device eth0: macvtap"), from libvirt's node devices so a remote host lists its own.
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { NetworkSummary } from '../../common/api/networks.js';
import { XmlDocument } from '../xml/document.js';

/**
 * Interfaces that are already ports of a host bridge or bond, where the host's interface backend
 * can say (not every host has one): macvtap on a bridge port does not reach the LAN.
 */
async function enslaved(conn: libvirt.Connection): Promise<Set<string>> {
  const names = new Set<string>();
  const ifs = await conn.listAllInterfaces().catch((): libvirt.Interface[] => []);
  for (const i of ifs) {
    const xml = await i.XMLDesc().catch(() => '');
    if (!xml) continue;
    // A bridge's (or bond's) ports are the <interface> elements inside it.
    const def = XmlDocument.parse(xml).root;
    for (const group of [...def.elements('bridge'), ...def.elements('bond')]) {
      for (const port of group.elements('interface')) {
        const name = port.attr('name');
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/**
 * Physical interfaces: loopback, bridges, taps, macvtaps and other virtual devices live under
 * /sys/devices/virtual and are skipped, and so are ports of a bridge or bond.
 */
export async function listDirectDevices(conn: libvirt.Connection): Promise<NetworkSummary[]> {
  const [devices, ports] = await Promise.all([conn.listAllNodeDevices(libvirt.ConnectListAllNodeDeviceFlags.CAP_NET), enslaved(conn)]);
  const rows = await Promise.all(
    devices.map(async (d): Promise<NetworkSummary | null> => {
      const dev = XmlDocument.parse(await d.XMLDesc()).root;
      const cap = dev.elements('capability').find((c) => c.attr('type') === 'net') ?? dev.element('capability');
      const name = cap?.element('interface')?.text.trim();
      const path = dev.element('path')?.text.trim() ?? '';
      if (!name || name === 'lo' || path.includes('/devices/virtual/') || ports.has(name)) return null;
      const state = cap?.element('link')?.attr('state');
      const link = state === 'up' || state === 'down' ? state : undefined;
      return { kind: 'direct', name, active: link !== 'down', ...(link ? { link } : {}) };
    }),
  );
  return rows.filter((r): r is NetworkSummary => r !== null).sort((a, b) => a.name.localeCompare(b.name));
}

/** Only a device the listing offers: a typo or a virtual device would fail later at start. */
export async function checkDirectDevice(conn: libvirt.Connection, name: string): Promise<void> {
  const offered = await listDirectDevices(conn);
  if (!offered.some((d) => d.name === name)) {
    const names = offered.map((d) => d.name).join(', ');
    throw new ApiError('invalid-input', names ? msg('create.notMacvtapDevice', { name, names }) : msg('create.noMacvtapDevices', { name }));
  }
}
