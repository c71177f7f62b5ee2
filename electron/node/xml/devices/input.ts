// <input>: a mouse, keyboard or tablet.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Input extends Device {
  declare type: string | undefined;
  declare bus: string | undefined;
}
bindProps(Input, [p.enum('type', './@type', ['mouse', 'tablet', 'keyboard', 'passthrough', 'evdev']), p.enum('bus', './@bus', ['ps2', 'usb', 'virtio', 'xen'])]);
