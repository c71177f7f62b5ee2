// <sound>: an emulated sound card.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Sound extends Device {
  declare model: string | undefined;
  declare codecType: string | undefined;

  protected override childOrder(): readonly string[] {
    return ['codec', 'audio'];
  }
}
bindProps(Sound, [p.enum('model', './@model', ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich7', 'ich9', 'usb', 'ics2', 'virtio']), p.str('codecType', './codec/@type')]);
