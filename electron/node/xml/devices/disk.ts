// <disk>: a hard disk, CD-ROM, floppy or LUN, its image (file, block device, volume, network) and bus.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Disk extends Device {
  declare type: string | undefined;
  declare device: string | undefined;
  declare driverName: string | undefined;
  declare driverType: string | undefined;
  declare driverCache: string | undefined;
  declare driverDiscard: string | undefined;
  declare driverIo: string | undefined;
  declare sourceFile: string | undefined;
  declare sourceDev: string | undefined;
  declare sourceDir: string | undefined;
  declare sourcePool: string | undefined;
  declare sourceVolume: string | undefined;
  declare sourceProtocol: string | undefined;
  declare sourceName: string | undefined;
  declare targetDev: string | undefined;
  declare targetBus: string | undefined;
  declare readonly: boolean | undefined;
  declare shareable: boolean | undefined;
  declare serial: string | undefined;
  declare bootOrder: number | undefined;

  /** The image or device this disk reads, whichever way its source names it. */
  get sourcePath(): string | undefined {
    return this.sourceFile ?? this.sourceDev ?? this.sourceDir ?? this.sourceName;
  }

  protected override childOrder(): readonly string[] {
    return ['driver', 'source', 'backingStore', 'target', 'iotune', 'boot', 'readonly', 'shareable', 'transient', 'serial', 'wwn', 'vendor', 'product', 'encryption'];
  }
}
bindProps(Disk, [
  p.enum('type', './@type', ['file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser']),
  p.enum('device', './@device', ['disk', 'cdrom', 'floppy', 'lun']),
  p.str('driverName', './driver/@name'),
  p.str('driverType', './driver/@type'),
  p.enum('driverCache', './driver/@cache', ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe']),
  p.enum('driverDiscard', './driver/@discard', ['ignore', 'unmap']),
  p.enum('driverIo', './driver/@io', ['threads', 'native', 'io_uring']),
  p.str('sourceFile', './source/@file'),
  p.str('sourceDev', './source/@dev'),
  p.str('sourceDir', './source/@dir'),
  p.str('sourcePool', './source/@pool'),
  p.str('sourceVolume', './source/@volume'),
  p.str('sourceProtocol', './source/@protocol'),
  p.str('sourceName', './source/@name'),
  p.str('targetDev', './target/@dev'),
  p.str('targetBus', './target/@bus'),
  p.flag('readonly', './readonly'),
  p.flag('shareable', './shareable'),
  p.str('serial', './serial'),
  p.int('bootOrder', './boot/@order'),
]);
