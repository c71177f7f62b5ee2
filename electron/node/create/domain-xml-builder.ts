// The new VM's domain XML, after virt-install's rules: virtio devices where the OS has drivers,
// q35 and UEFI as planned, VNC on loopback, the guest agent channel. Built as an element tree
// (xml-writer.ts), so every user string is escaped.
import type { InstallSource, NetworkChoice } from '../../common/api/vm-create.js';
import type { FirmwarePlan, MachinePlan } from './domain-plan.js';
import { isWindows, type OsProfile } from './os-profile.js';
import { el, serialize, type XmlChild, type XmlElement } from './xml-writer.js';

export interface DiskPlan {
  path: string;
  format: string;
}

export interface BuildInput {
  name: string;
  os: OsProfile;
  /** For a network install: where the fetched kernel and initrd are on the host. */
  source: InstallSource;
  memoryMiB: number;
  vcpus: number;
  disk?: DiskPlan;
  network: NetworkChoice;
  machine: MachinePlan;
  firmware: FirmwarePlan;
  /** Fetched boot files of a network install (paths on the host). */
  fetched?: { kernel: string; initrd: string };
  /** A cloud image's NoCloud seed ISO (path on the host), attached as a CD-ROM. */
  seed?: string;
}

const OSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

class Targets {
  readonly #used = new Map<string, number>();
  next(bus: string): string {
    const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : 'sd';
    const n = this.#used.get(prefix) ?? 0;
    this.#used.set(prefix, n + 1);
    return prefix + String.fromCharCode(97 + n);
  }
}

function bootElements(input: BuildInput): XmlChild[] {
  const s = input.source;
  switch (s.kind) {
    case 'iso':
    case 'cdrom':
      return [el('boot', { dev: 'cdrom' }), el('boot', { dev: 'hd' })];
    case 'pxe':
      return [el('boot', { dev: 'network' }), el('boot', { dev: 'hd' })];
    case 'import':
    case 'cloud':
      return [el('boot', { dev: 'hd' })];
    case 'kernel':
      return [el('kernel', {}, s.kernel), s.initrd ? el('initrd', {}, s.initrd) : null, s.cmdline ? el('cmdline', {}, s.cmdline) : null];
    case 'url': {
      const files = input.fetched ?? { kernel: s.kernel, initrd: s.initrd };
      const cmdline = [`inst.repo=${s.url}`, s.cmdline].filter(Boolean).join(' ');
      return [el('kernel', {}, files.kernel), el('initrd', {}, files.initrd), el('cmdline', {}, cmdline)];
    }
  }
}

function interfaceElement(net: NetworkChoice, model: string): XmlElement | null {
  const m = el('model', { type: model });
  switch (net.kind) {
    case 'none':
      return null;
    case 'network':
      return el('interface', { type: 'network' }, el('source', { network: net.name }), m);
    case 'bridge':
      return el('interface', { type: 'bridge' }, el('source', { bridge: net.name }), m);
    case 'direct':
      return el('interface', { type: 'direct' }, el('source', { dev: net.name, mode: 'bridge' }), m);
    case 'user':
      return el('interface', { type: 'user' }, m);
  }
}

export function buildDomainXml(input: BuildInput): string {
  const { os, machine, firmware } = input;
  const q35 = machine.machine === 'q35' || machine.machine.includes('q35');
  const windows = isWindows(os);
  const diskBus = os.devices.virtioBlock ? 'virtio' : q35 ? 'sata' : 'ide';
  const cdromBus = q35 ? 'sata' : 'ide';
  const netModel = os.devices.virtioNet ? 'virtio' : q35 ? 'e1000e' : 'e1000';
  const targets = new Targets();
  const secureBoot = firmware.firmware === 'efi' && windows;

  const devices: XmlChild[] = [];
  if (input.disk) {
    devices.push(
      el(
        'disk',
        { type: 'file', device: 'disk' },
        el('driver', { name: 'qemu', type: input.disk.format, discard: 'unmap' }),
        el('source', { file: input.disk.path }),
        el('target', { dev: targets.next(diskBus), bus: diskBus }),
      ),
    );
  }
  const src = input.source;
  if (src.kind === 'iso') {
    devices.push(
      el('disk', { type: 'file', device: 'cdrom' }, el('driver', { name: 'qemu', type: 'raw' }), el('source', { file: src.path }), el('target', { dev: targets.next(cdromBus), bus: cdromBus }), el('readonly')),
    );
  } else if (src.kind === 'cloud' && input.seed) {
    devices.push(
      el('disk', { type: 'file', device: 'cdrom' }, el('driver', { name: 'qemu', type: 'raw' }), el('source', { file: input.seed }), el('target', { dev: targets.next(cdromBus), bus: cdromBus }), el('readonly')),
    );
  } else if (src.kind === 'cdrom') {
    devices.push(
      el('disk', { type: 'block', device: 'cdrom' }, el('driver', { name: 'qemu', type: 'raw' }), el('source', { dev: src.device }), el('target', { dev: targets.next(cdromBus), bus: cdromBus }), el('readonly')),
    );
  }
  devices.push(interfaceElement(input.network, netModel));
  devices.push(
    el('serial', { type: 'pty' }, el('target', { port: 0 })),
    el('console', { type: 'pty' }, el('target', { type: 'serial', port: 0 })),
    os.devices.qemuGuestAgent ? el('channel', { type: 'unix' }, el('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' })) : null,
    os.devices.usbTablet ? el('input', { type: 'tablet', bus: 'usb' }) : null,
    el('graphics', { type: 'vnc', port: -1, autoport: 'yes', listen: '127.0.0.1' }, el('listen', { type: 'address', address: '127.0.0.1' })),
    el('video', {}, el('model', { type: 'vga' })),
    firmware.tpm ? el('tpm', { model: q35 ? 'tpm-crb' : 'tpm-tis' }, el('backend', { type: 'emulator', version: '2.0' })) : null,
    el('memballoon', { model: os.devices.virtioBalloon ? 'virtio' : 'none' }),
    os.devices.virtioRng ? el('rng', { model: 'virtio' }, el('backend', { model: 'random' }, '/dev/urandom')) : null,
  );

  const domain = el(
    'domain',
    { type: machine.virtType },
    el('name', {}, input.name),
    os.id !== 'generic' ? el('metadata', {}, el('libosinfo:libosinfo', { 'xmlns:libosinfo': OSINFO_NS }, el('libosinfo:os', { id: os.id }))) : null,
    el('memory', { unit: 'KiB' }, String(input.memoryMiB * 1024)),
    el('currentMemory', { unit: 'KiB' }, String(input.memoryMiB * 1024)),
    el('vcpu', { placement: 'static' }, String(input.vcpus)),
    el(
      'os',
      firmware.firmware === 'efi' ? { firmware: 'efi' } : {},
      el('type', { arch: machine.arch, machine: machine.machine }, 'hvm'),
      secureBoot ? el('firmware', {}, el('feature', { enabled: 'yes', name: 'secure-boot' }), el('feature', { enabled: 'yes', name: 'enrolled-keys' })) : null,
      ...bootElements(input),
    ),
    el(
      'features',
      {},
      el('acpi'),
      el('apic'),
      windows
        ? el('hyperv', { mode: 'custom' }, el('relaxed', { state: 'on' }), el('vapic', { state: 'on' }), el('spinlocks', { state: 'on', retries: 8191 }))
        : null,
      secureBoot ? el('smm', { state: 'on' }) : null,
    ),
    machine.virtType === 'kvm' ? el('cpu', { mode: 'host-passthrough', check: 'none', migratable: 'on' }) : null,
    el(
      'clock',
      { offset: windows ? 'localtime' : 'utc' },
      el('timer', { name: 'rtc', tickpolicy: 'catchup' }),
      el('timer', { name: 'pit', tickpolicy: 'delay' }),
      el('timer', { name: 'hpet', present: 'no' }),
      windows ? el('timer', { name: 'hypervclock', present: 'yes' }) : null,
    ),
    el('on_poweroff', {}, 'destroy'),
    el('on_reboot', {}, 'restart'),
    el('on_crash', {}, 'destroy'),
    el('pm', {}, el('suspend-to-mem', { enabled: 'no' }), el('suspend-to-disk', { enabled: 'no' })),
    el('devices', {}, ...devices),
  );
  return `${serialize(domain)}\n`;
}
