// What the hardware editors need to know about a host: its CPU modes and models (from domain
// capabilities), whether nested virtualization is on, and its PCI and USB devices.
import { readFile } from 'node:fs/promises';
import * as libvirt from 'virtdeck/native';
import type { HostCpu, HostDevice } from '../../common/api/hosts.js';
import { DomainCapabilities } from '../xml/domain-capabilities.js';
import { NodeDevice, pciAddress } from '../xml/node-device.js';

const NESTED_MODULES = ['kvm_intel', 'kvm_amd'] as const;

/** The local host's nested virtualization switch (only this machine's files can be read). */
export async function nestedState(remote: boolean, sysRoot = '/sys'): Promise<HostCpu['nested']> {
  if (remote) return { state: 'unknown' };
  for (const module of NESTED_MODULES) {
    const value = await readFile(`${sysRoot}/module/${module}/parameters/nested`, 'utf8').catch(() => undefined);
    if (value !== undefined) return { state: /^(y|1)/i.test(value.trim()) ? 'on' : 'off', module };
  }
  return { state: 'no-kvm' };
}

export async function hostCpu(
  conn: libvirt.Connection,
  remote: boolean,
  opts: { arch?: string | undefined; machine?: string | undefined; virtType?: string | undefined },
): Promise<HostCpu> {
  const nested = await nestedState(remote);
  let caps: DomainCapabilities;
  try {
    caps = DomainCapabilities.parse(await conn.getDomainCapabilities(null, opts.arch ?? null, opts.machine ?? null, opts.virtType ?? null));
  } catch (err) {
    // Drivers without domain capabilities (the test driver): no modes or models to offer.
    if (err instanceof libvirt.LibvirtError && err.code === libvirt.ErrorNumber.NO_SUPPORT) return { modes: [], models: [], nested };
    throw err;
  }
  const modes = ['host-passthrough', 'host-model', 'maximum', 'custom'].filter((m) => caps.cpuModeSupported(m));
  const hostModel = caps.hostModel;
  return { modes, models: caps.cpuModels, ...(hostModel ? { hostModel } : {}), nested };
}

export async function hostDevices(conn: libvirt.Connection, kind: 'pci' | 'usb'): Promise<HostDevice[]> {
  const flag = kind === 'pci' ? libvirt.ConnectListAllNodeDeviceFlags.CAP_PCI_DEV : libvirt.ConnectListAllNodeDeviceFlags.CAP_USB_DEV;
  const devices = await conn.listAllNodeDevices(flag);
  const parsed = await Promise.all(devices.map(async (d) => NodeDevice.parse(await d.XMLDesc())));
  return parsed.map((d): HostDevice => {
    const address = kind === 'pci' ? pciAddress(d.capDomain, d.capBus, d.capSlot, d.capFunction) : `${d.capBus ?? 0}:${d.capDevice ?? 0}`;
    const peers = kind === 'pci' ? d.iommuGroupAddresses.filter((a) => a !== address) : [];
    return {
      name: d.name ?? '',
      kind,
      address,
      ...(d.vendorName ? { vendor: d.vendorName } : {}),
      ...(d.productName ? { product: d.productName } : {}),
      ...(d.vendorId ? { vendorId: d.vendorId } : {}),
      ...(d.productId ? { productId: d.productId } : {}),
      ...(d.driverName ? { driver: d.driverName } : {}),
      ...(d.iommuGroup !== undefined ? { iommuGroup: d.iommuGroup, groupPeers: peers } : {}),
    };
  });
}
