// The new VM's domain XML, after virt-install's rules: virtio devices where the OS has drivers,
// q35 and UEFI as planned, VNC on loopback, the guest agent channel. Built through the domain
// model (electron/node/xml/), so every user string is escaped and each element lands where
// libvirt's schema puts it.
import type { InstallSource, NetworkChoice } from '../../common/api/vm-create.js';
import type { FirmwarePlan, MachinePlan } from './domain-plan.js';
import { isWindows, type OsProfile } from './os-profile.js';
import type { XmlElement } from '../xml/document.js';
import { Domain } from '../xml/domain.js';

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

class Targets {
  readonly #used = new Map<string, number>();
  next(bus: string): string {
    const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : 'sd';
    const n = this.#used.get(prefix) ?? 0;
    this.#used.set(prefix, n + 1);
    return prefix + String.fromCharCode(97 + n);
  }
}

/** Appends a child element (for what the model does not map) and returns it. */
function add(d: Domain, parent: XmlElement, name: string, attributes: Record<string, string> = {}): XmlElement {
  return parent.insert(d.doc.createElement(name, attributes));
}

function setBoot(d: Domain, input: BuildInput): void {
  const s = input.source;
  switch (s.kind) {
    case 'iso':
    case 'cdrom':
      d.bootDevices = ['cdrom', 'hd'];
      return;
    case 'pxe':
      d.bootDevices = ['network', 'hd'];
      return;
    case 'import':
    case 'cloud':
      d.bootDevices = ['hd'];
      return;
    case 'kernel':
      d.kernel = s.kernel;
      if (s.initrd) d.initrd = s.initrd;
      if (s.cmdline) d.cmdline = s.cmdline;
      return;
    case 'url': {
      const files = input.fetched ?? { kernel: s.kernel, initrd: s.initrd };
      d.kernel = files.kernel;
      d.initrd = files.initrd;
      d.cmdline = [`inst.repo=${s.url}`, s.cmdline].filter(Boolean).join(' ');
      return;
    }
  }
}

function addInterface(d: Domain, net: NetworkChoice, model: string): void {
  if (net.kind === 'none') return;
  const nic = d.addDevice('interface', { type: net.kind });
  if (net.kind === 'network') nic.sourceNetwork = net.name;
  else if (net.kind === 'bridge') nic.sourceBridge = net.name;
  else if (net.kind === 'direct') {
    nic.sourceDev = net.name;
    nic.sourceMode = 'bridge';
  }
  nic.modelType = model;
}

function addDisk(d: Domain, type: 'file' | 'block', device: 'disk' | 'cdrom', driverType: string, source: string, bus: string, targets: Targets, discard?: 'unmap'): void {
  const disk = d.addDevice('disk', { type, device });
  disk.driverName = 'qemu';
  disk.driverType = driverType;
  if (discard) disk.driverDiscard = discard;
  if (type === 'file') disk.sourceFile = source;
  else disk.sourceDev = source;
  disk.targetDev = targets.next(bus);
  disk.targetBus = bus;
  if (device === 'cdrom') disk.readonly = true;
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

  const d = Domain.create(machine.domainType ?? machine.virtType);
  d.name = input.name;
  if (os.id !== 'generic') d.osinfoId = os.id;
  d.memoryUnit = 'KiB';
  d.memory = input.memoryMiB * 1024;
  d.currentMemoryUnit = 'KiB';
  d.currentMemory = input.memoryMiB * 1024;
  d.vcpuPlacement = 'static';
  d.vcpu = input.vcpus;
  if (firmware.firmware === 'efi') d.osFirmware = 'efi';
  d.osArch = machine.arch;
  d.osMachine = machine.machine;
  d.osType = 'hvm';
  if (secureBoot) {
    const fw = d.ensure(['os', 'firmware']);
    add(d, fw, 'feature', { enabled: 'yes', name: 'secure-boot' });
    add(d, fw, 'feature', { enabled: 'yes', name: 'enrolled-keys' });
  }
  setBoot(d, input);
  d.acpi = true;
  d.apic = true;
  if (windows) {
    const hyperv = d.ensure(['features', 'hyperv']);
    hyperv.setAttr('mode', 'custom');
    add(d, hyperv, 'relaxed', { state: 'on' });
    add(d, hyperv, 'vapic', { state: 'on' });
    add(d, hyperv, 'spinlocks', { state: 'on', retries: '8191' });
  }
  if (secureBoot) d.smmState = true;
  if (machine.virtType === 'kvm') {
    d.cpuMode = 'host-passthrough';
    d.cpuCheck = 'none';
    d.ensure(['cpu']).setAttr('migratable', 'on');
  }
  d.clockOffset = windows ? 'localtime' : 'utc';
  const clock = d.ensure(['clock']);
  add(d, clock, 'timer', { name: 'rtc', tickpolicy: 'catchup' });
  add(d, clock, 'timer', { name: 'pit', tickpolicy: 'delay' });
  add(d, clock, 'timer', { name: 'hpet', present: 'no' });
  if (windows) add(d, clock, 'timer', { name: 'hypervclock', present: 'yes' });
  d.onPoweroff = 'destroy';
  d.onReboot = 'restart';
  d.onCrash = 'destroy';
  const pm = d.ensure(['pm']);
  add(d, pm, 'suspend-to-mem', { enabled: 'no' });
  add(d, pm, 'suspend-to-disk', { enabled: 'no' });

  if (input.disk) addDisk(d, 'file', 'disk', input.disk.format, input.disk.path, diskBus, targets, 'unmap');
  const src = input.source;
  if (src.kind === 'iso') addDisk(d, 'file', 'cdrom', 'raw', src.path, cdromBus, targets);
  else if (src.kind === 'cloud' && input.seed) addDisk(d, 'file', 'cdrom', 'raw', input.seed, cdromBus, targets);
  else if (src.kind === 'cdrom') addDisk(d, 'block', 'cdrom', 'raw', src.device, cdromBus, targets);
  addInterface(d, input.network, netModel);
  d.addDevice('serial', { type: 'pty' }).targetPort = 0;
  const console = d.addDevice('console', { type: 'pty' });
  console.targetType = 'serial';
  console.targetPort = 0;
  if (os.devices.qemuGuestAgent) {
    const agent = d.addDevice('channel', { type: 'unix' });
    agent.targetType = 'virtio';
    agent.targetName = 'org.qemu.guest_agent.0';
  }
  if (os.devices.usbTablet) d.addDevice('input', { type: 'tablet', bus: 'usb' });
  if (firmware.tpm) {
    const tpm = d.addDevice('tpm', { model: q35 ? 'tpm-crb' : 'tpm-tis' });
    tpm.backendType = 'emulator';
    tpm.backendVersion = '2.0';
  }
  // port -1: libvirt picks one when the VM starts (autoport).
  const vnc = d.addDevice('graphics', { type: 'vnc', port: '-1', autoport: 'yes', listen: '127.0.0.1' });
  vnc.listenType = 'address';
  vnc.listenAddress = '127.0.0.1';
  d.addDevice('video').modelType = 'vga';
  d.addDevice('memballoon', { model: os.devices.virtioBalloon ? 'virtio' : 'none' });
  if (os.devices.virtioRng) {
    const rng = d.addDevice('rng', { model: 'virtio' });
    rng.backendModel = 'random';
    rng.backend = '/dev/urandom';
  }
  return `${d.serialize()}\n`;
}
