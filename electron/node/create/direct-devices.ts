// The host's physical network interfaces a new VM can use through macvtap (virt-manager's
// "Host device eth0: macvtap"), from libvirt's node devices so a remote host lists its own.
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../common/api/errors.js';
import type { NetworkSummary } from '../../common/api/networks.js';
import { list, obj, str, xmlParser } from '../domains/domain-xml.js';

// <interface> repeats inside a bridge's (or bond's) definition, one per port; a node device's
// <interface> is its single name.
const parser = xmlParser((name, path) => name === 'interface' && /\.(bridge|bond)\.interface$/.test(path));

/**
 * Interfaces that are already ports of a host bridge or bond, where the host's interface backend
 * can say (not every host has one): macvtap on a bridge port does not reach the LAN.
 */
async function enslaved(conn: libvirt.Connection): Promise<Set<string>> {
  const names = new Set<string>();
  const ifs = await conn.listAllInterfaces().catch((): libvirt.Interface[] => []);
  for (const i of ifs) {
    const def = obj(obj(parser.parse(await i.XMLDesc().catch(() => ''))).interface);
    for (const group of [def.bridge, def.bond]) {
      for (const port of list(obj(group).interface)) {
        const name = str(port.name);
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
      const dev = obj(obj(parser.parse(await d.XMLDesc())).device);
      const cap = obj(dev.capability);
      const name = str(cap.interface);
      const path = str(dev.path) ?? '';
      if (!name || name === 'lo' || path.includes('/devices/virtual/') || ports.has(name)) return null;
      const state = str(obj(cap.link).state);
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
    throw new ApiError(
      'invalid-input',
      `“${name}” is not a physical network interface of this host that macvtap can use.`,
      names ? `Choose one of the host’s devices (${names}) or a virtual network.` : 'This host lists no physical interface for macvtap; choose a virtual network or a bridge.',
    );
  }
}
