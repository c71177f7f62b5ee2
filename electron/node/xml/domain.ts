// The domain model: libvirt's <domain> as properties bound to its XML (after virtinst's
// domain classes), its metadata by namespace, and its devices by kind with a stable identity.
// It edits the document in place, so whatever it does not model stays byte-identical.
import { XmlObject, bindProps, nextInOrder, p, type SchemaOrder } from './binding.js';
import { XmlDocument, type XmlElement } from './document.js';
import { unitBytes } from '../../common/memory-units.js';
import { DEVICE_CLASSES, DEVICE_KINDS, Device, isMappedKind, type DeviceOf } from './devices/index.js';

/** libosinfo's metadata namespace: which OS the VM runs (`<libosinfo:os id='…'/>`), as virt-install writes it. */
export const OSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

/** Virtdeck's own metadata namespace, for what it keeps with a VM. */
export const VIRTDECK_NS = 'https://virtdeck.dev/xmlns/virtdeck/1';

// Re-exported: the XML models read sizes with it.
export { unitBytes };

const DOMAIN_ORDER: SchemaOrder = {
  '': [
    'name',
    'uuid',
    'genid',
    'title',
    'description',
    'metadata',
    'maxMemory',
    'memory',
    'currentMemory',
    'blkiotune',
    'memtune',
    'memoryBacking',
    'vcpu',
    'vcpus',
    'iothreads',
    'cputune',
    'numatune',
    'resource',
    'sysinfo',
    'bootloader',
    'bootloader_args',
    'os',
    'idmap',
    'features',
    'cpu',
    'clock',
    'on_poweroff',
    'on_reboot',
    'on_crash',
    'on_lockfailure',
    'pm',
    'perf',
    'devices',
    'seclabel',
    'keywrap',
    'launchSecurity',
  ],
  memoryBacking: ['hugepages', 'nosharepages', 'locked', 'source', 'access', 'allocation', 'discard'],
  os: ['type', 'firmware', 'loader', 'nvram', 'kernel', 'initrd', 'cmdline', 'shim', 'dtb', 'acpi', 'boot', 'bootmenu', 'smbios', 'bios'],
  cpu: ['model', 'vendor', 'topology', 'cache', 'maxphysaddr', 'feature', 'numa'],
  features: [
    'acpi',
    'apic',
    'pae',
    'hap',
    'viridian',
    'privnet',
    'hyperv',
    'kvm',
    'xen',
    'pvspinlock',
    'pmu',
    'vmport',
    'gic',
    'smm',
    'ioapic',
    'hpt',
    'vmcoreinfo',
    'htm',
    'nested-hv',
    'msrs',
    'ccf-assist',
    'cfpc',
    'sbbc',
    'ibs',
    'tcg',
    'async-teardown',
    'ras',
    'ps2',
  ],
  devices: ['emulator', ...DEVICE_KINDS],
};

const LIFECYCLE = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'] as const;

export class Domain extends XmlObject {
  declare type: string | undefined;
  declare name: string | undefined;
  declare uuid: string | undefined;
  declare title: string | undefined;
  declare description: string | undefined;
  declare memory: number | undefined;
  declare memoryUnit: string | undefined;
  declare currentMemory: number | undefined;
  declare currentMemoryUnit: string | undefined;
  /** Back the VM's memory with huge pages (`<memoryBacking><hugepages/>`). */
  declare hugepages: boolean | undefined;
  /** Where its memory comes from: memfd or file is what shared memory (virtiofs, vhost-user) needs. */
  declare memorySource: string | undefined;
  /** shared: other processes (virtiofsd) may map the VM's memory. */
  declare memoryAccess: string | undefined;
  declare vcpu: number | undefined;
  declare vcpuCurrent: number | undefined;
  declare vcpuPlacement: string | undefined;
  declare cpuMode: string | undefined;
  declare cpuMatch: string | undefined;
  declare cpuCheck: string | undefined;
  declare cpuModel: string | undefined;
  declare cpuModelFallback: string | undefined;
  declare cpuSockets: number | undefined;
  declare cpuDies: number | undefined;
  declare cpuCores: number | undefined;
  declare cpuThreads: number | undefined;
  declare osType: string | undefined;
  declare osArch: string | undefined;
  declare osMachine: string | undefined;
  declare osFirmware: string | undefined;
  declare bootDevices: readonly string[] | undefined;
  declare loader: string | undefined;
  declare loaderReadonly: boolean | undefined;
  declare loaderType: string | undefined;
  declare loaderSecure: boolean | undefined;
  declare nvram: string | undefined;
  declare nvramTemplate: string | undefined;
  declare kernel: string | undefined;
  declare initrd: string | undefined;
  declare cmdline: string | undefined;
  declare dtb: string | undefined;
  declare bootMenu: boolean | undefined;
  declare bootMenuTimeout: number | undefined;
  declare acpi: boolean | undefined;
  declare apic: boolean | undefined;
  declare pae: boolean | undefined;
  declare vmportState: boolean | undefined;
  declare smmState: boolean | undefined;
  declare clockOffset: string | undefined;
  declare onPoweroff: string | undefined;
  declare onReboot: string | undefined;
  declare onCrash: string | undefined;
  declare emulator: string | undefined;

  /** Parses domain XML (throws XmlParseError when it is not well-formed, XmlPropertyError when it is not a domain). */
  static parse(xml: string): Domain {
    return Domain.of(XmlDocument.parse(xml));
  }

  static of(doc: XmlDocument): Domain {
    if (doc.root.name !== 'domain') throw new Error(`expected a <domain> document, found <${doc.root.name}>`);
    return new Domain(doc, doc.root);
  }

  /** A new, empty domain of the given type ('kvm', 'qemu'). */
  static create(type: string): Domain {
    const d = Domain.of(XmlDocument.create('domain'));
    d.type = type;
    return d;
  }

  protected override schemaOrder(): SchemaOrder {
    return DOMAIN_ORDER;
  }

  serialize(): string {
    return this.doc.serialize();
  }

  /** The id libvirt gives a running domain (`id='N'` in its live XML); undefined when it is not running. */
  get liveId(): number | undefined {
    const id = Number(this.el.attr('id'));
    return Number.isInteger(id) && id > 0 ? id : undefined;
  }

  /** The memory in bytes (the unit applied), or undefined. */
  get memoryBytes(): number | undefined {
    return bytes(this.memory, this.memoryUnit);
  }

  get currentMemoryBytes(): number | undefined {
    return bytes(this.currentMemory, this.currentMemoryUnit);
  }

  // --- metadata ---

  /** The child of <metadata> in this namespace (libvirt keeps one per namespace). */
  metadata(ns: string): XmlElement | undefined {
    return this.find(['metadata'])?.elementsNS(ns)[0];
  }

  /** The <metadata> child for the namespace, created as `<prefix:name xmlns:prefix="ns"/>` when absent. */
  ensureMetadata(ns: string, prefix: string, name: string): XmlElement {
    const existing = this.metadata(ns);
    if (existing) return existing;
    const meta = this.ensure(['metadata']);
    const el = this.doc.createElement(`${prefix}:${name}`, { [`xmlns:${prefix}`]: ns });
    return meta.insert(el);
  }

  /** Removes the metadata in one namespace (and <metadata> if it is left empty). */
  removeMetadata(ns: string): void {
    const el = this.metadata(ns);
    if (!el) return;
    const parent = el.parent ?? undefined;
    el.remove();
    this.prune(parent);
  }

  /** The OS the VM runs, as libosinfo's id (`http://ubuntu.com/ubuntu/24.04`), from its metadata. */
  get osinfoId(): string | undefined {
    return this.metadata(OSINFO_NS)?.element('libosinfo:os')?.attr('id');
  }

  /** Sets (or, with undefined, removes) the libosinfo OS id, creating the metadata as virt-install does. */
  set osinfoId(id: string | undefined) {
    if (id === undefined) {
      const os = this.metadata(OSINFO_NS)?.element('libosinfo:os');
      if (!os) return;
      const parent = os.parent ?? undefined;
      os.remove();
      if (parent && parent.elements().length === 0) this.removeMetadata(OSINFO_NS);
      return;
    }
    const meta = this.ensureMetadata(OSINFO_NS, 'libosinfo', 'libosinfo');
    const os = meta.element('libosinfo:os') ?? meta.insert(this.doc.createElement('libosinfo:os'));
    os.setAttr('id', id);
  }

  // --- devices ---

  /** The devices, all or of one kind, as their classes (unmapped kinds as plain Devices). */
  devices(): Device[];
  devices<K extends string>(kind: K): DeviceOf<K>[];
  devices(kind?: string): Device[] {
    const devs = this.find(['devices'])?.elements() ?? [];
    const counts = new Map<string, number>();
    const out: Device[] = [];
    for (const el of devs) {
      if (el.name === 'emulator') continue;
      const i = counts.get(el.name) ?? 0;
      counts.set(el.name, i + 1);
      if (kind === undefined || el.name === kind) out.push(deviceFor(this.doc, el, i));
    }
    return out;
  }

  /** The device with this identity (`Device.id`), or undefined. */
  device(id: string): Device | undefined {
    return this.devices().find((d) => d.id === id);
  }

  /**
   * Adds a device of a kind, after the last one of its kind (else where libvirt's order puts the
   * kind), with the given attributes; its properties are set on the returned object.
   */
  addDevice<K extends string>(kind: K, attributes: Record<string, string | undefined> = {}): DeviceOf<K> {
    const devices = this.ensure(['devices']);
    const el = this.doc.createElement(kind, attributes);
    const same = devices.elements(kind);
    const last = same[same.length - 1];
    const before = last ? (devices.elements().find((_e, i, all) => all[i - 1] === last) ?? null) : nextInOrder(devices, kind, DOMAIN_ORDER.devices);
    devices.insert(el, before);
    return deviceFor(this.doc, el, same.length) as DeviceOf<K>;
  }

  /** Removes a device (by object or identity); true when it was there. */
  removeDevice(device: Device | string): boolean {
    const d = typeof device === 'string' ? this.device(device) : device;
    if (!d || d.el.parent?.parent !== this.el) return false;
    d.el.remove();
    return true;
  }
}

function bytes(value: number | undefined, unit: string | undefined): number | undefined {
  const u = unitBytes(unit);
  return value === undefined || u === undefined ? undefined : value * u;
}

function deviceFor(doc: XmlDocument, el: XmlElement, index: number): Device {
  return isMappedKind(el.name) ? new DEVICE_CLASSES[el.name](doc, el, index) : new Device(doc, el, index);
}

bindProps(Domain, [
  p.str('type', './@type'),
  p.str('name', './name'),
  p.str('uuid', './uuid'),
  p.str('title', './title'),
  p.str('description', './description'),
  p.int('memory', './memory'),
  p.str('memoryUnit', './memory/@unit'),
  p.int('currentMemory', './currentMemory'),
  p.str('currentMemoryUnit', './currentMemory/@unit'),
  p.flag('hugepages', './memoryBacking/hugepages'),
  p.enum('memorySource', './memoryBacking/source/@type', ['file', 'anonymous', 'memfd']),
  p.enum('memoryAccess', './memoryBacking/access/@mode', ['shared', 'private']),
  p.int('vcpu', './vcpu'),
  p.enum('vcpuPlacement', './vcpu/@placement', ['static', 'auto']),
  p.int('vcpuCurrent', './vcpu/@current'),
  p.enum('cpuMode', './cpu/@mode', ['custom', 'host-model', 'host-passthrough', 'maximum']),
  p.enum('cpuMatch', './cpu/@match', ['minimum', 'exact', 'strict']),
  p.enum('cpuCheck', './cpu/@check', ['none', 'partial', 'full']),
  p.str('cpuModel', './cpu/model'),
  p.enum('cpuModelFallback', './cpu/model/@fallback', ['allow', 'forbid']),
  p.int('cpuSockets', './cpu/topology/@sockets'),
  p.int('cpuDies', './cpu/topology/@dies'),
  p.int('cpuCores', './cpu/topology/@cores'),
  p.int('cpuThreads', './cpu/topology/@threads'),
  p.str('osType', './os/type'),
  p.str('osArch', './os/type/@arch'),
  p.str('osMachine', './os/type/@machine'),
  p.enum('osFirmware', './os/@firmware', ['bios', 'efi']),
  p.list('bootDevices', './os/boot/@dev'),
  p.str('loader', './os/loader'),
  p.bool('loaderReadonly', './os/loader/@readonly'),
  p.bool('loaderSecure', './os/loader/@secure'),
  p.enum('loaderType', './os/loader/@type', ['rom', 'pflash']),
  p.str('nvram', './os/nvram'),
  p.str('nvramTemplate', './os/nvram/@template'),
  p.str('kernel', './os/kernel'),
  p.str('initrd', './os/initrd'),
  p.str('cmdline', './os/cmdline'),
  p.str('dtb', './os/dtb'),
  p.bool('bootMenu', './os/bootmenu/@enable'),
  p.int('bootMenuTimeout', './os/bootmenu/@timeout'),
  p.flag('acpi', './features/acpi'),
  p.flag('apic', './features/apic'),
  p.flag('pae', './features/pae'),
  p.onOff('vmportState', './features/vmport/@state'),
  p.onOff('smmState', './features/smm/@state'),
  p.enum('clockOffset', './clock/@offset', ['utc', 'localtime', 'timezone', 'variable', 'absolute']),
  p.enum('onPoweroff', './on_poweroff', LIFECYCLE),
  p.enum('onReboot', './on_reboot', LIFECYCLE),
  p.enum('onCrash', './on_crash', LIFECYCLE),
  p.str('emulator', './devices/emulator'),
]);
