// <controller>: USB, SATA, SCSI, PCI, virtio-serial and other buses.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Controller extends Device {
  declare type: string | undefined;
  declare controllerIndex: number | undefined;
  declare model: string | undefined;
  declare ports: number | undefined;
  declare driverQueues: number | undefined;

  protected override childOrder(): readonly string[] {
    return ['model', 'target', 'driver', 'pcihole64'];
  }
}
bindProps(Controller, [
  p.str('type', './@type'),
  p.int('controllerIndex', './@index'),
  p.str('model', './@model'),
  p.int('ports', './@ports'),
  p.int('driverQueues', './driver/@queues'),
]);
