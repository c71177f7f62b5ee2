// <interface>: a network card on a virtual network, bridge, direct (macvtap) link or user networking.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Interface extends Device {
  declare type: string | undefined;
  declare macAddress: string | undefined;
  declare sourceNetwork: string | undefined;
  declare sourceBridge: string | undefined;
  declare sourceDev: string | undefined;
  declare sourceMode: string | undefined;
  declare targetDev: string | undefined;
  declare modelType: string | undefined;
  declare driverName: string | undefined;
  declare driverQueues: number | undefined;
  declare linkState: string | undefined;
  declare mtu: number | undefined;
  declare bootOrder: number | undefined;

  protected override childOrder(): readonly string[] {
    return [
      'mac',
      'source',
      'vlan',
      'virtualport',
      'ip',
      'route',
      'script',
      'backenddomain',
      'target',
      'guest',
      'model',
      'driver',
      'backend',
      'filterref',
      'tune',
      'teaming',
      'link',
      'mtu',
      'bandwidth',
      'port',
      'coalesce',
    ];
  }
}
bindProps(Interface, [
  p.enum('type', './@type', ['network', 'bridge', 'direct', 'user', 'ethernet', 'hostdev', 'vhostuser', 'mcast', 'server', 'client', 'udp', 'vdpa', 'null', 'vds']),
  p.str('macAddress', './mac/@address'),
  p.str('sourceNetwork', './source/@network'),
  p.str('sourceBridge', './source/@bridge'),
  p.str('sourceDev', './source/@dev'),
  p.enum('sourceMode', './source/@mode', ['vepa', 'bridge', 'private', 'passthrough']),
  p.str('targetDev', './target/@dev'),
  p.str('modelType', './model/@type'),
  p.str('driverName', './driver/@name'),
  p.int('driverQueues', './driver/@queues'),
  p.enum('linkState', './link/@state', ['up', 'down']),
  p.int('mtu', './mtu/@size'),
  p.int('bootOrder', './boot/@order'),
]);
