// <video>: the display adapter.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Video extends Device {
  declare modelType: string | undefined;
  declare vram: number | undefined;
  declare heads: number | undefined;
  declare primary: boolean | undefined;
  declare accel3d: boolean | undefined;

  protected override childOrder(): readonly string[] {
    return ['driver', 'model', 'resolution'];
  }
}
bindProps(Video, [
  p.enum('modelType', './model/@type', ['vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'virtio', 'gop', 'bochs', 'ramfb', 'none']),
  p.int('vram', './model/@vram'),
  p.int('heads', './model/@heads'),
  p.bool('primary', './model/@primary'),
  p.bool('accel3d', './model/acceleration/@accel3d'),
]);
