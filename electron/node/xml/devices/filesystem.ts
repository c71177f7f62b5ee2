// <filesystem>: a host directory shared into the guest (virtiofs, 9p).
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Filesystem extends Device {
  declare type: string | undefined;
  declare accessmode: string | undefined;
  declare driverType: string | undefined;
  declare sourceDir: string | undefined;
  declare targetDir: string | undefined;
  declare readonly: boolean | undefined;

  protected override childOrder(): readonly string[] {
    return ['driver', 'binary', 'idmap', 'source', 'target', 'readonly', 'space_hard_limit', 'space_soft_limit'];
  }
}
bindProps(Filesystem, [
  p.enum('type', './@type', ['mount', 'block', 'file', 'template', 'ram', 'bind']),
  p.enum('accessmode', './@accessmode', ['passthrough', 'mapped', 'squash']),
  p.enum('driverType', './driver/@type', ['path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs']),
  p.str('sourceDir', './source/@dir'),
  p.str('targetDir', './target/@dir'),
  p.flag('readonly', './readonly'),
]);
