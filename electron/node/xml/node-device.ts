// The host device model: libvirt's <device> (virNodeDeviceGetXMLDesc) for the PCI and USB
// devices a VM can be given: their address, names, the driver bound to them and (PCI) the IOMMU
// group with the other devices in it (passing one through means passing the whole group).
import { XmlObject, bindProps, p } from './binding.js';
import { XmlDocument } from './document.js';

export class NodeDevice extends XmlObject {
  declare name: string | undefined;
  declare path: string | undefined;
  declare parent: string | undefined;
  declare driverName: string | undefined;
  declare capType: string | undefined;
  /** PCI: the address parts; USB: bus and device number (capBus, capDevice). */
  declare capDomain: number | undefined;
  declare capBus: number | undefined;
  declare capSlot: number | undefined;
  declare capFunction: number | undefined;
  declare capDevice: number | undefined;
  declare productId: string | undefined;
  declare productName: string | undefined;
  declare vendorId: string | undefined;
  declare vendorName: string | undefined;
  declare iommuGroup: number | undefined;
  /** net: the interface name and its link state. */
  declare capInterface: string | undefined;
  declare linkState: string | undefined;
  /** storage: the block device and its size in bytes. */
  declare capBlock: string | undefined;
  declare capSize: number | undefined;
  /** scsi: host, bus, target, lun, and the device's type (disk, cdrom …). */
  declare capHost: number | undefined;
  declare capTarget: number | undefined;
  declare capLun: number | undefined;
  declare capScsiType: string | undefined;

  static parse(xml: string): NodeDevice {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'device') throw new Error(`expected a <device> document, found <${doc.root.name}>`);
    return new NodeDevice(doc, doc.root);
  }

  /** The PCI addresses (domain:bus:slot.function, hex) in this device's IOMMU group, itself included. */
  get iommuGroupAddresses(): string[] {
    const group = this.find(['capability', 'iommuGroup']);
    return (group?.elements('address') ?? []).map((a) => pciAddress(a.attr('domain'), a.attr('bus'), a.attr('slot'), a.attr('function')));
  }
}

/** `0000:00:1f.2` from libvirt's numbers (decimal or 0x-hex). */
export function pciAddress(domain: unknown, bus: unknown, slot: unknown, fn: unknown): string {
  const hex = (v: unknown, width: number) =>
    Number(v ?? 0)
      .toString(16)
      .padStart(width, '0');
  return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${hex(fn, 1)}`;
}

bindProps(NodeDevice, [
  p.str('name', './name'),
  p.str('path', './path'),
  p.str('parent', './parent'),
  p.str('driverName', './driver/name'),
  p.str('capType', './capability/@type'),
  p.int('capDomain', './capability/domain'),
  p.int('capBus', './capability/bus'),
  p.int('capSlot', './capability/slot'),
  p.int('capFunction', './capability/function'),
  p.int('capDevice', './capability/device'),
  p.str('productId', './capability/product/@id'),
  p.str('productName', './capability/product'),
  p.str('vendorId', './capability/vendor/@id'),
  p.str('vendorName', './capability/vendor'),
  p.int('iommuGroup', './capability/iommuGroup/@number'),
  p.str('capInterface', './capability/interface'),
  p.str('linkState', './capability/link/@state'),
  p.str('capBlock', './capability/block'),
  p.int('capSize', './capability/size'),
  p.int('capHost', './capability/host'),
  p.int('capTarget', './capability/target'),
  p.int('capLun', './capability/lun'),
  p.str('capScsiType', './capability/type'),
]);
