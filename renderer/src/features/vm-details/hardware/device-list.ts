// The hardware list on the left of the Hardware tab: CPUs, Memory and Boot Options, then the
// VM's devices in virt-manager's order (details.py), each with virt-manager's label ("SATA Disk
// 1", "NIC :5e:00:01", "Display VNC") and icon. Pure: the labels are i18n keys with parameters.
import type { DomainHardware, HardwareDevice } from '../../../../../electron/common/api/domain-edits.js';
import type { UiKey } from '../../../i18n/resources.js';
import { GUEST_AGENT_CHANNEL } from './enums.js';
import { text } from './props.js';

export type IconName =
  'cpu' | 'memory' | 'boot' | 'disk' | 'cdrom' | 'floppy' | 'nic' | 'keyboard' | 'mouse' | 'tablet' | 'display' | 'sound' | 'serial' | 'usb' | 'pci' | 'folder' | 'chip';

/** An i18n key and its parameters. */
export interface Words {
  key: UiKey;
  params?: Record<string, string | number>;
}

export interface HardwareItem {
  /** `cpus`, `memory`, `boot`, or a device's id. */
  key: string;
  label: Words;
  icon: IconName;
  device?: HardwareDevice;
}

/** virt-manager's order of device kinds; kinds it does not list follow in libvirt's order. */
const ORDER = [
  'disk',
  'interface',
  'input',
  'graphics',
  'sound',
  'serial',
  'parallel',
  'console',
  'channel',
  'video',
  'controller',
  'redirdev',
  'hostdev',
  'filesystem',
  'tpm',
  'rng',
  'watchdog',
  'panic',
  'smartcard',
  'vsock',
];

const BUS_NAMES: Record<string, string> = { virtio: 'VirtIO', sata: 'SATA', scsi: 'SCSI', ide: 'IDE', usb: 'USB', xen: 'Xen', sd: 'SD', fdc: 'Floppy', sata1: 'SATA' };
const VIDEO_NAMES: Record<string, string> = {
  vga: 'VGA',
  qxl: 'QXL',
  virtio: 'Virtio',
  cirrus: 'Cirrus',
  vmvga: 'VMVGA',
  bochs: 'Bochs',
  ramfb: 'Ramfb',
  none: 'None',
  xen: 'Xen',
  vbox: 'VirtualBox',
  gop: 'GOP',
};
const DISPLAY_NAMES: Record<string, string> = { vnc: 'VNC', spice: 'Spice', sdl: 'SDL', rdp: 'RDP', 'egl-headless': 'EGL headless', dbus: 'D-Bus', desktop: 'Desktop' };
const CHANNEL_NAMES: Record<string, string> = { [GUEST_AGENT_CHANNEL]: 'qemu-ga', 'com.redhat.spice.0': 'spice', 'org.libguestfs.channel.0': 'libguestfs' };
const CONTROLLER_NAMES: Record<string, string> = {
  usb: 'USB',
  sata: 'SATA',
  scsi: 'SCSI',
  ide: 'IDE',
  fdc: 'Floppy',
  'virtio-serial': 'VirtIO Serial',
  ccid: 'CCID',
  xenbus: 'Xen',
  pci: 'PCI',
  isa: 'ISA',
};

export const busName = (bus: string | undefined): string => (bus ? (BUS_NAMES[bus] ?? bus.toUpperCase()) : '');

function controllerName(d: HardwareDevice): string {
  const type = text(d.props, 'type') ?? '';
  const model = text(d.props, 'model') ?? '';
  if (type === 'pci' && model.startsWith('pcie')) return 'PCIe';
  if (type === 'scsi' && model.startsWith('virtio-scsi')) return 'VirtIO SCSI';
  return CONTROLLER_NAMES[type] ?? type;
}

function hostdevName(d: HardwareDevice): Words {
  const type = text(d.props, 'type');
  if (type === 'pci') {
    const part = (name: string, width: number) => (text(d.props, name) ?? '0').replace(/^0x/, '').padStart(width, '0');
    return { key: 'hardware.label.hostdevPci', params: { address: `${part('pciDomain', 4)}:${part('pciBus', 2)}:${part('pciSlot', 2)}.${part('pciFunction', 1)}` } };
  }
  if (type === 'usb') {
    const ids = [text(d.props, 'vendorId'), text(d.props, 'productId')].filter(Boolean).map((x) => x!.replace(/^0x/, ''));
    return { key: 'hardware.label.hostdevUsb', params: { id: ids.join(':') || `${text(d.props, 'usbBus') ?? '?'}.${text(d.props, 'usbDevice') ?? '?'}` } };
  }
  return { key: 'hardware.label.hostdev', params: { type: type ?? '' } };
}

function iconOf(d: HardwareDevice): IconName {
  switch (d.kind) {
    case 'disk':
      return text(d.props, 'device') === 'cdrom' ? 'cdrom' : text(d.props, 'device') === 'floppy' ? 'floppy' : 'disk';
    case 'interface':
    case 'vsock':
      return 'nic';
    case 'input':
      return text(d.props, 'type') === 'keyboard' ? 'keyboard' : text(d.props, 'type') === 'tablet' ? 'tablet' : 'mouse';
    case 'graphics':
    case 'video':
      return 'display';
    case 'sound':
    case 'audio':
      return 'sound';
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel':
    case 'smartcard':
      return 'serial';
    case 'redirdev':
    case 'hub':
      return 'usb';
    case 'hostdev':
      return text(d.props, 'type') === 'usb' ? 'usb' : 'pci';
    case 'filesystem':
      return 'folder';
    case 'controller':
    case 'watchdog':
      return 'pci';
    case 'memballoon':
    case 'memory':
    case 'shmem':
      return 'memory';
    default:
      return 'chip';
  }
}

/** virt-manager's label of a device; `diskIndex` is its number among disks of its type and bus. */
function labelOf(d: HardwareDevice, diskIndex: number, kindIndex: number): Words {
  const port = Number(d.props['targetPort'] ?? 0) + 1;
  switch (d.kind) {
    case 'disk': {
      const device = text(d.props, 'device') ?? 'disk';
      if (device === 'floppy') return { key: 'hardware.label.floppy', params: { index: diskIndex } };
      const bus = busName(text(d.props, 'targetBus'));
      if (device === 'cdrom') return { key: 'hardware.label.cdrom', params: { bus, index: diskIndex } };
      if (device === 'disk') return { key: 'hardware.label.disk', params: { bus, index: diskIndex } };
      return { key: 'hardware.label.diskOther', params: { bus, device: device.toUpperCase(), index: diskIndex } };
    }
    case 'interface':
      return { key: 'hardware.label.nic', params: { mac: (text(d.props, 'macAddress') ?? '').slice(-9) } };
    case 'input': {
      const type = text(d.props, 'type');
      return { key: type === 'tablet' || type === 'mouse' || type === 'keyboard' ? `hardware.label.${type}` : 'hardware.label.input' };
    }
    case 'serial':
    case 'parallel':
    case 'console':
      return { key: `hardware.label.${d.kind}`, params: { num: port } };
    case 'channel': {
      const name = text(d.props, 'targetName');
      if (name && text(d.props, 'type') !== 'qemu-vdagent') return { key: 'hardware.label.channelNamed', params: { name: CHANNEL_NAMES[name] ?? name } };
      return { key: 'hardware.label.channel', params: { type: text(d.props, 'type') ?? '' } };
    }
    case 'graphics': {
      const type = text(d.props, 'type') ?? '';
      return { key: 'hardware.label.display', params: { type: DISPLAY_NAMES[type] ?? type } };
    }
    case 'redirdev':
      return { key: 'hardware.label.redirdev', params: { bus: busName(text(d.props, 'bus') ?? 'usb'), index: kindIndex + 1 } };
    case 'hostdev':
      return hostdevName(d);
    case 'sound':
      return { key: 'hardware.label.sound', params: { model: text(d.props, 'model') ?? '' } };
    case 'video': {
      const model = text(d.props, 'modelType') ?? '';
      return { key: 'hardware.label.video', params: { model: VIDEO_NAMES[model] ?? model } };
    }
    case 'filesystem':
      return { key: 'hardware.label.filesystem', params: { path: (text(d.props, 'targetDir') ?? '').slice(0, 8) } };
    case 'controller': {
      const index = text(d.props, 'controllerIndex');
      return index !== undefined
        ? { key: 'hardware.label.controllerIndexed', params: { type: controllerName(d), index } }
        : { key: 'hardware.label.controller', params: { type: controllerName(d) } };
    }
    case 'rng':
      return text(d.props, 'backend') ? { key: 'hardware.label.rngDevice', params: { device: text(d.props, 'backend') ?? '' } } : { key: 'hardware.label.rng' };
    case 'tpm':
      return { key: 'hardware.label.tpm', params: { version: text(d.props, 'backendVersion') ?? '2.0' } };
    case 'audio':
      return { key: 'hardware.label.audio' };
    case 'panic':
    case 'smartcard':
    case 'vsock':
    case 'watchdog':
    case 'memballoon':
      return { key: `hardware.label.${d.kind}` };
    default:
      return { key: 'hardware.label.other', params: { kind: d.kind, index: kindIndex + 1 } };
  }
}

/** The list: CPUs, Memory, Boot Options, then every device of the definition. */
export function hardwareItems(hw: DomainHardware): HardwareItem[] {
  const items: HardwareItem[] = [
    { key: 'cpus', label: { key: 'hardware.item.cpus' }, icon: 'cpu' },
    { key: 'memory', label: { key: 'hardware.item.memory' }, icon: 'memory' },
    { key: 'boot', label: { key: 'hardware.item.boot' }, icon: 'boot' },
  ];
  const diskCounts = new Map<string, number>();
  const kindCounts = new Map<string, number>();
  const labelled = hw.devices.map((d) => {
    let diskIndex = 0;
    if (d.kind === 'disk') {
      const k = `${text(d.props, 'device') ?? 'disk'}/${text(d.props, 'targetBus') ?? ''}`;
      diskIndex = (diskCounts.get(k) ?? 0) + 1;
      diskCounts.set(k, diskIndex);
    }
    const kindIndex = kindCounts.get(d.kind) ?? 0;
    kindCounts.set(d.kind, kindIndex + 1);
    return { key: d.id, label: labelOf(d, diskIndex, kindIndex), icon: iconOf(d), device: d };
  });
  const rank = (kind: string) => {
    const i = ORDER.indexOf(kind);
    return i >= 0 ? i : ORDER.length;
  };
  // A stable sort: devices of one kind keep the definition's order.
  return items.concat([...labelled].sort((a, b) => rank(a.device.kind) - rank(b.device.kind)));
}

/** Which list item a name in `pending` (see DomainHardware) belongs to. */
export function pendingItemKey(name: string, hw: DomainHardware): string | undefined {
  if (name.startsWith('-')) return undefined;
  if (name.startsWith('+')) return name.slice(1);
  const colon = name.lastIndexOf(':');
  if (colon > 0 && hw.devices.some((d) => d.id === name.slice(0, colon))) return name.slice(0, colon);
  if (name === 'memory' || name.startsWith('currentMemory')) return 'memory';
  if (name.startsWith('vcpu') || name.startsWith('cpu')) return 'cpus';
  return 'boot';
}
