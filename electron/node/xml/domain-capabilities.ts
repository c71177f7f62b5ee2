// The domain capabilities model: libvirt's <domainCapabilities> for one emulator, arch, machine
// and virt type (virConnectGetDomainCapabilities; virtinst's domcapabilities.py): the resolved
// machine, firmware (os firmware and loader enums), and per device kind whether it is supported
// and which values its <enum>s allow.
import { XmlObject, bindProps, p, type SchemaOrder } from './binding.js';
import { XmlDocument, type XmlElement } from './document.js';

// libvirt's formatter order (domain_capabilities.c, virDomainCapsFormat).
const DOMCAPS_ORDER: SchemaOrder = {
  '': ['path', 'domain', 'machine', 'arch', 'vcpu', 'iothreads', 'os', 'cpu', 'memoryBacking', 'devices', 'features'],
  os: ['enum', 'loader'],
  'os/loader': ['value', 'enum'],
};

export class DomainCapabilities extends XmlObject {
  declare path: string | undefined;
  declare domain: string | undefined;
  /** The versioned machine libvirt resolved (e.g. pc-q35-7.2). */
  declare machine: string | undefined;
  declare arch: string | undefined;
  declare maxVcpus: number | undefined;
  declare osSupported: boolean | undefined;
  declare loaderSupported: boolean | undefined;
  /** Firmware images libvirt knows for this machine. */
  declare loaderValues: readonly string[] | undefined;

  static parse(xml: string): DomainCapabilities {
    const doc = XmlDocument.parse(xml);
    if (doc.root.name !== 'domainCapabilities') throw new Error(`Not a domain capabilities document: the root element is <${doc.root.name}>.`);
    return new DomainCapabilities(doc, doc.root);
  }

  protected override schemaOrder(): SchemaOrder {
    return DOMCAPS_ORDER;
  }

  /** The values of `<enum name=NAME>` under the element at `steps` (e.g. ['os'], 'firmware'). */
  enumValues(steps: readonly string[], name: string): string[] {
    const e = this.find(steps)
      ?.elements('enum')
      .find((x) => x.attr('name') === name);
    return e
      ? e
          .elements('value')
          .map((v) => v.text.trim())
          .filter(Boolean)
      : [];
  }

  /** `<devices><KIND supported='yes'>`: false when absent or 'no'. */
  deviceSupported(kind: string): boolean {
    return this.device(kind)?.attr('supported') === 'yes';
  }

  /** The values a device kind's enum allows (e.g. ('disk', 'bus'), ('tpm', 'backendModel')). */
  deviceEnum(kind: string, name: string): string[] {
    return this.enumValues(['devices', kind], name);
  }

  /** `<features><NAME supported='yes'>` (gic, vmcoreinfo, genid, sev…). */
  featureSupported(name: string): boolean {
    return this.find(['features', name])?.attr('supported') === 'yes';
  }

  /** Whether a CPU mode (host-passthrough, host-model, maximum, custom) is supported. */
  cpuModeSupported(mode: string): boolean {
    return (
      this.find(['cpu'])
        ?.elements('mode')
        .find((m) => m.attr('name') === mode)
        ?.attr('supported') === 'yes'
    );
  }

  /** The named CPU models QEMU offers (custom mode), with whether this host can run each. */
  get cpuModels(): { name: string; usable: boolean }[] {
    const custom = this.find(['cpu'])
      ?.elements('mode')
      .find((m) => m.attr('name') === 'custom');
    return (custom?.elements('model') ?? []).map((m) => ({ name: m.text.trim(), usable: m.attr('usable') !== 'no' }));
  }

  /** The model host-model expands to on this host (`<mode name='host-model'><model>`). */
  get hostModel(): string | undefined {
    return this.find(['cpu'])
      ?.elements('mode')
      .find((m) => m.attr('name') === 'host-model')
      ?.element('model')
      ?.text.trim();
  }

  /** `<os firmware='efi'>` can be used: libvirt lists efi among the firmware it can pick. */
  get efi(): boolean {
    return this.osSupported === true && this.enumValues(['os'], 'firmware').includes('efi');
  }

  private device(kind: string): XmlElement | undefined {
    return this.find(['devices', kind]);
  }
}
bindProps(DomainCapabilities, [
  p.str('path', './path'),
  p.str('domain', './domain'),
  p.str('machine', './machine'),
  p.str('arch', './arch'),
  p.int('maxVcpus', './vcpu/@max'),
  p.bool('osSupported', './os/@supported'),
  p.bool('loaderSupported', './os/loader/@supported'),
  p.list('loaderValues', './os/loader/value'),
]);
