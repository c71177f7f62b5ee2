// What the hardware editors need to know about a host: its CPU modes and models (from domain
// capabilities), whether nested virtualization is on, and its PCI and USB devices.
import { readdir, readFile } from 'node:fs/promises';
import * as libvirt from 'virtdeck/native';
import type { HostCpu, HostDevice } from '../../common/api/hosts.js';
import { DomainCapabilities } from '../xml/domain-capabilities.js';
import { Domain } from '../xml/domain.js';
import { NodeDevice, pciAddress } from '../xml/node-device.js';

const NESTED_MODULES = ['kvm_intel', 'kvm_amd'] as const;

/** The local host's nested virtualization switch (only this machine's files can be read). */
export async function nestedState(remote: boolean, sysRoot = '/sys'): Promise<HostCpu['nested']> {
  if (remote) return { state: 'unknown' };
  for (const module of NESTED_MODULES) {
    const value = await readFile(`${sysRoot}/module/${module}/parameters/nested`, 'utf8').catch(() => undefined);
    if (value !== undefined) return { state: /^(y|1)/i.test(value.trim()) ? 'on' : 'off', module };
  }
  // KVM from another vendor module (kvm_pvm on some clouds) has no nested switch at all.
  const other = (await readdir(`${sysRoot}/module`).catch((): string[] => [])).find((m) => /^kvm_/.test(m));
  return other ? { state: 'unsupported', module: other } : { state: 'no-kvm' };
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

const FLAGS: Record<HostDevice['kind'], number> = {
  pci: libvirt.ConnectListAllNodeDeviceFlags.CAP_PCI_DEV,
  usb: libvirt.ConnectListAllNodeDeviceFlags.CAP_USB_DEV,
  scsi: libvirt.ConnectListAllNodeDeviceFlags.CAP_SCSI,
  net: libvirt.ConnectListAllNodeDeviceFlags.CAP_NET,
  storage: libvirt.ConnectListAllNodeDeviceFlags.CAP_STORAGE,
};

const hexNum = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v.startsWith('0x') ? v : `0x${v}`));

/** Which passed-through PCI and USB devices each VM's definition names: by PCI address, or USB vendor:product / bus:device. */
async function passthroughs(conn: libvirt.Connection): Promise<{ uuid: string; name: string; keys: Set<string> }[]> {
  const doms = await conn.listAllDomains();
  return Promise.all(
    doms.map(async (d) => {
      const keys = new Set<string>();
      const def = Domain.parse(await d.XMLDesc(libvirt.DomainXMLFlags.INACTIVE).catch(() => '<domain/>'));
      for (const h of def.devices('hostdev')) {
        if (h.type === 'pci') keys.add(`pci:${pciAddress(hexNum(h.pciDomain) ?? 0, hexNum(h.pciBus), hexNum(h.pciSlot), hexNum(h.pciFunction))}`);
        if (h.type === 'usb') {
          if (h.vendorId && h.productId) keys.add(`usbid:${Number(h.vendorId)}:${Number(h.productId)}`);
          if (h.usbBus && h.usbDevice) keys.add(`usb:${Number(h.usbBus)}:${Number(h.usbDevice)}`);
        }
      }
      return { uuid: (await d.UUIDString()).toLowerCase(), name: await d.name(), keys };
    }),
  );
}

export async function hostDevices(conn: libvirt.Connection, kind: HostDevice['kind']): Promise<HostDevice[]> {
  const devices = await conn.listAllNodeDevices(FLAGS[kind]);
  const parsed = await Promise.all(devices.map(async (d) => NodeDevice.parse(await d.XMLDesc())));
  const users = kind === 'pci' || kind === 'usb' ? await passthroughs(conn) : [];
  return parsed.map((d): HostDevice => {
    const address =
      kind === 'pci'
        ? pciAddress(d.capDomain, d.capBus, d.capSlot, d.capFunction)
        : kind === 'usb'
          ? `${d.capBus ?? 0}:${d.capDevice ?? 0}`
          : kind === 'scsi'
            ? `${d.capHost ?? 0}:${d.capBus ?? 0}:${d.capTarget ?? 0}:${d.capLun ?? 0}`
            : kind === 'net'
              ? (d.capInterface ?? d.name ?? '')
              : (d.capBlock ?? d.name ?? '');
    const peers = kind === 'pci' ? d.iommuGroupAddresses.filter((a) => a !== address) : [];
    const keys =
      kind === 'pci'
        ? [`pci:${address}`]
        : kind === 'usb'
          ? [`usb:${d.capBus ?? 0}:${d.capDevice ?? 0}`, ...(d.vendorId && d.productId ? [`usbid:${Number(d.vendorId)}:${Number(d.productId)}`] : [])]
          : [];
    const link = d.linkState === 'up' || d.linkState === 'down' ? d.linkState : undefined;
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
      ...(kind === 'net' && link ? { link } : {}),
      ...(kind === 'storage' && d.capSize !== undefined ? { sizeBytes: d.capSize } : {}),
      ...(kind === 'scsi' && d.capScsiType ? { scsiType: d.capScsiType } : {}),
      ...(kind === 'pci' || kind === 'usb' ? { usedBy: users.filter((u) => keys.some((k) => u.keys.has(k))).map(({ uuid, name }) => ({ uuid, name })) } : {}),
    };
  });
}
