// The base of every device class: its kind (the element name under <devices>), the properties all
// devices share (alias, boot order where the kind has one), the address, and a stable identity.
import { XmlObject, bindProps, p, type SchemaOrder } from '../binding.js';
import type { XmlDocument, XmlElement } from '../document.js';

/** libvirt's order of device kinds under <devices> (domain_conf.c's formatter). */
export const DEVICE_KINDS = [
  'disk',
  'controller',
  'lease',
  'filesystem',
  'interface',
  'smartcard',
  'serial',
  'parallel',
  'console',
  'channel',
  'input',
  'tpm',
  'graphics',
  'sound',
  'audio',
  'video',
  'hostdev',
  'redirdev',
  'redirfilter',
  'hub',
  'watchdog',
  'memballoon',
  'rng',
  'shmem',
  'memory',
  'iommu',
  'vsock',
  'crypto',
  'panic',
] as const;

export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The children every device may have at its end, in libvirt's order. */
export const DEVICE_TAIL = ['boot', 'alias', 'acpi', 'rom', 'address'] as const;

export class Device extends XmlObject {
  declare alias: string | undefined;

  constructor(
    doc: XmlDocument,
    el: XmlElement,
    /** Position among the devices of this kind, for an identity when there is no alias or address. */
    readonly index: number,
  ) {
    super(doc, el);
  }

  get kind(): string {
    return this.el.name;
  }

  /** The order of this kind's child elements; subclasses list theirs before the common tail. */
  protected childOrder(): readonly string[] {
    return [];
  }

  protected override schemaOrder(): SchemaOrder {
    return { '': [...this.childOrder(), ...DEVICE_TAIL] };
  }

  /** The <address> attributes, or undefined when libvirt has not assigned one. */
  get address(): Record<string, string> | undefined {
    const a = this.el.element('address');
    if (!a) return undefined;
    return Object.fromEntries(a.attributes.map((x) => [x.name, a.attr(x.name) ?? '']));
  }

  /**
   * A stable identity for the UI: the alias when there is one (running VMs, user aliases), else
   * the address, else the position among devices of its kind.
   */
  get id(): string {
    const alias = this.alias;
    if (alias) return `${this.kind}/alias/${alias}`;
    const addr = this.address;
    if (addr && Object.keys(addr).length) {
      return `${this.kind}/address/${Object.entries(addr)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`;
    }
    return `${this.kind}/index/${this.index}`;
  }
}
bindProps(Device, [p.str('alias', './alias/@name')]);
