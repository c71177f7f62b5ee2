// Character devices: <serial>, <console>, <channel> (and <parallel>) share libvirt's chardev
// source and differ in their target.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class CharDevice extends Device {
  declare type: string | undefined;
  declare tty: string | undefined;
  declare sourcePath: string | undefined;
  declare sourceMode: string | undefined;
  declare sourceHost: string | undefined;
  declare sourceService: string | undefined;
  declare targetType: string | undefined;
  declare targetPort: number | undefined;
  declare logFile: string | undefined;

  protected override childOrder(): readonly string[] {
    return ['source', 'protocol', 'log', 'target'];
  }
}
bindProps(CharDevice, [
  p.enum('type', './@type', ['pty', 'file', 'unix', 'tcp', 'udp', 'dev', 'pipe', 'stdio', 'null', 'vc', 'spicevmc', 'spiceport', 'nmdm', 'qemu-vdagent', 'dbus']),
  p.str('tty', './@tty'),
  p.enum('sourceMode', './source/@mode', ['bind', 'connect']),
  p.str('sourcePath', './source/@path'),
  p.str('sourceHost', './source/@host'),
  p.str('sourceService', './source/@service'),
  p.str('targetType', './target/@type'),
  p.int('targetPort', './target/@port'),
  p.str('logFile', './log/@file'),
]);

export class Serial extends CharDevice {
  declare targetModel: string | undefined;
}
bindProps(Serial, [p.str('targetModel', './target/model/@name')]);

export class Console extends CharDevice {}
bindProps(Console, []);

export class Channel extends CharDevice {
  declare targetName: string | undefined;
  declare targetState: string | undefined;
}
bindProps(Channel, [p.str('targetName', './target/@name'), p.enum('targetState', './target/@state', ['connected', 'disconnected'])]);

export class Parallel extends CharDevice {}
bindProps(Parallel, []);
