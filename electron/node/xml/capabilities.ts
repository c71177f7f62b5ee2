// The host capabilities model: libvirt's <capabilities> (virConnectGetCapabilities) as bound
// properties (virtinst's capabilities.py): the host CPU (arch, model, vendor, topology), its
// NUMA cells, and the guests it can run: each OS type and arch with its emulator, machine
// types and domain (virt) types. Read-only in practice; the properties can be set like any
// other for tests and tools.
import { XmlObject, bindProps, p, type SchemaOrder } from './binding.js';
import { childObjects } from './children.js';
import { clearUnitWithValue } from './sized.js';
import { XmlDocument } from './document.js';
import { unitBytes } from './domain.js';

// libvirt's formatter order (capabilities.c, virCapabilitiesFormatXML and the host CPU's).
const CAPS_ORDER: SchemaOrder = {
  '': ['host', 'guest'],
  host: ['uuid', 'cpu', 'power_management', 'iommu', 'migration_features', 'topology', 'cache', 'memory_bandwidth', 'secmodel'],
  'host/cpu': ['arch', 'model', 'vendor', 'microcode', 'signature', 'counter', 'topology', 'maxphysaddr', 'feature', 'pages'],
};
const GUEST_ORDER: SchemaOrder = { '': ['os_type', 'arch', 'features'], arch: ['wordsize', 'emulator', 'loader', 'machine', 'domain'] };

export class Capabilities extends XmlObject {
  declare hostUuid: string | undefined;
  declare cpuArch: string | undefined;
  declare cpuModel: string | undefined;
  declare cpuVendor: string | undefined;
  declare cpuSockets: number | undefined;
  declare cpuDies: number | undefined;
  declare cpuCores: number | undefined;
  declare cpuThreads: number | undefined;
  /** The number of NUMA cells libvirt reports (`<cells num>`). */
  declare numaCellCount: number | undefined;

  static parse(xml: string): Capabilities {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'capabilities') throw new Error(`Not a capabilities document: the root element is <${doc.root.name}>.`);
    return new Capabilities(doc, doc.root);
  }

  protected override schemaOrder(): SchemaOrder {
    return CAPS_ORDER;
  }

  get numaCells(): NumaCell[] {
    return childObjects(this, ['host', 'topology', 'cells'], 'cell', (el) => new NumaCell(this.doc, el));
  }

  get guests(): CapsGuest[] {
    return childObjects(this, [], 'guest', (el) => new CapsGuest(this.doc, el));
  }
}
bindProps(Capabilities, [
  p.str('hostUuid', './host/uuid'),
  p.str('cpuArch', './host/cpu/arch'),
  p.str('cpuModel', './host/cpu/model'),
  p.str('cpuVendor', './host/cpu/vendor'),
  p.int('cpuSockets', './host/cpu/topology/@sockets'),
  p.int('cpuDies', './host/cpu/topology/@dies'),
  p.int('cpuCores', './host/cpu/topology/@cores'),
  p.int('cpuThreads', './host/cpu/topology/@threads'),
  p.int('numaCellCount', './host/topology/cells/@num'),
]);

/** One NUMA cell of the host: its memory and CPUs. */
export class NumaCell extends XmlObject {
  protected override schemaOrder(): SchemaOrder {
    return { '': ['memory', 'pages', 'distances', 'cpus'] };
  }

  declare id: number | undefined;
  declare memory: number | undefined;
  declare memoryUnit: string | undefined;
  declare cpuCount: number | undefined;
  /** The host CPU ids in this cell. */
  declare cpuIds: readonly string[] | undefined;

  get memoryBytes(): number | undefined {
    const per = unitBytes(this.memoryUnit);
    return this.memory === undefined || per === undefined ? undefined : this.memory * per;
  }
}
bindProps(NumaCell, [
  p.int('id', './@id'),
  p.int('memory', './memory'),
  p.str('memoryUnit', './memory/@unit'),
  p.int('cpuCount', './cpus/@num'),
  p.list('cpuIds', './cpus/cpu/@id'),
]);
clearUnitWithValue(NumaCell, [['memory', 'memoryUnit']]);

/** One <guest>: an OS type on an arch, with the emulator, machine types and virt types. */
export class CapsGuest extends XmlObject {
  declare osType: string | undefined;
  declare arch: string | undefined;
  declare wordsize: number | undefined;
  declare emulator: string | undefined;
  /** Machine type names and aliases (pc, q35 and the versioned ones) as listed for the arch. */
  declare machines: readonly string[] | undefined;

  protected override schemaOrder(): SchemaOrder {
    return GUEST_ORDER;
  }

  /** The machine entries with their attributes: an alias has a `canonical` name. */
  get machineEntries(): { name: string; canonical?: string; maxCpus?: number }[] {
    return (this.find(['arch'])?.elements('machine') ?? []).map((m) => {
      const canonical = m.attr('canonical');
      const max = Number(m.attr('maxCpus'));
      return { name: m.text.trim(), ...(canonical ? { canonical } : {}), ...(Number.isInteger(max) && max > 0 ? { maxCpus: max } : {}) };
    });
  }

  get domains(): CapsGuestDomain[] {
    return childObjects(this, ['arch'], 'domain', (el) => new CapsGuestDomain(this.doc, el));
  }
}
bindProps(CapsGuest, [
  p.str('osType', './os_type'),
  p.str('arch', './arch/@name'),
  p.int('wordsize', './arch/wordsize'),
  p.str('emulator', './arch/emulator'),
  p.list('machines', './arch/machine'),
]);

/** A virt type of a guest arch (qemu, kvm…), with its own emulator and machines where they differ. */
export class CapsGuestDomain extends XmlObject {
  protected override schemaOrder(): SchemaOrder {
    return { '': ['emulator', 'machine'] };
  }

  declare type: string | undefined;
  declare emulator: string | undefined;
  declare machines: readonly string[] | undefined;
}
bindProps(CapsGuestDomain, [p.str('type', './@type'), p.str('emulator', './emulator'), p.list('machines', './machine')]);
