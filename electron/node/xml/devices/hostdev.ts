// <hostdev>: a host PCI or USB device passed through, and <redirdev>: a USB device redirected
// from the viewer's machine.
import { bindProps, p, type SchemaOrder } from '../binding.js';
import { Device } from './device.js';

export class Hostdev extends Device {
  declare mode: string | undefined;
  declare type: string | undefined;
  declare managed: boolean | undefined;
  declare vendorId: string | undefined;
  declare productId: string | undefined;
  declare pciDomain: string | undefined;
  declare pciBus: string | undefined;
  declare pciSlot: string | undefined;
  declare pciFunction: string | undefined;
  declare usbBus: string | undefined;
  declare usbDevice: string | undefined;
  declare bootOrder: number | undefined;

  protected override childOrder(): readonly string[] {
    return ['driver', 'source', 'rom'];
  }

  protected override schemaOrder(): SchemaOrder {
    return { ...super.schemaOrder(), source: ['vendor', 'product', 'address', 'adapter'] };
  }
}
bindProps(Hostdev, [
  p.enum('mode', './@mode', ['subsystem', 'capabilities']),
  p.enum('type', './@type', ['usb', 'pci', 'scsi', 'scsi_host', 'mdev', 'storage', 'misc', 'net']),
  p.bool('managed', './@managed'),
  p.str('vendorId', './source/vendor/@id'),
  p.str('productId', './source/product/@id'),
  p.str('pciDomain', './source/address/@domain'),
  p.str('pciBus', './source/address/@bus'),
  p.str('pciSlot', './source/address/@slot'),
  p.str('pciFunction', './source/address/@function'),
  p.str('usbBus', './source/address/@bus'),
  p.str('usbDevice', './source/address/@device'),
  p.int('bootOrder', './boot/@order'),
]);

export class Redirdev extends Device {
  declare bus: string | undefined;
  declare type: string | undefined;
}
bindProps(Redirdev, [p.enum('bus', './@bus', ['usb']), p.enum('type', './@type', ['spicevmc', 'tcp'])]);
