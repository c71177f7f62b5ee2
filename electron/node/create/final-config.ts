// The persistent definition a VM keeps after its install, derived from the install XML as
// virt-install does: the install boots from the CD-ROM, the network or a fetched kernel, the
// installed VM boots from its disk. Derived from the XML (not rebuilt from the spec) so that
// edits made under "Customize configuration before install" carry over to the final config.
import { XMLParser } from 'fast-xml-parser';
import type { InstallSource } from '../../common/api/vm-create.js';
import { el, serialize, type XmlChild, type XmlElement } from './xml-writer.js';

export interface FinalOptions {
  source: InstallSource;
  /** Windows installs reboot into the media several times: its CD-ROM keeps the ISO (virt-install's rule). */
  windows: boolean;
  /** A cloud-init seed ISO (path on the host) to detach after the first boot. */
  removeSeed?: string;
  /** The defined domain's UUID: redefining without it would be a second VM of the same name. */
  uuid?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
});

function toElement(node: Node): XmlElement | string | null {
  if ('#text' in node) return String(node['#text']);
  const name = Object.keys(node).find((k) => k !== ':@');
  // Comments and processing instructions are not kept.
  if (!name || name.startsWith('?')) return null;
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const kids = (node[name] as Node[]).map(toElement);
  return el(name, { ...attrs }, ...kids);
}

function parseTree(xml: string): XmlElement {
  const top = (parser.parse(xml) as Node[]).map(toElement).find((e): e is XmlElement => typeof e === 'object' && e !== null);
  if (!top || top.name !== 'domain') throw new RangeError('the XML has no <domain> element');
  return top;
}

const children = (e: XmlElement) => e.children.filter((c): c is XmlElement => typeof c === 'object' && c !== null);
const child = (e: XmlElement, name: string) => children(e).find((c) => c.name === name);

/** Whether a disk's source is `path` (a file, or a block device). */
function diskSource(disk: XmlElement): string | undefined {
  const src = child(disk, 'source');
  const v = src?.attrs.file ?? src?.attrs.dev;
  return v === undefined ? undefined : String(v);
}

function installMedia(source: InstallSource): string | undefined {
  return source.kind === 'iso' ? source.path : source.kind === 'cdrom' ? source.device : undefined;
}

/**
 * The final XML for `installXml`, or the same XML when the install config is the final one
 * (an import, a direct kernel boot, a cloud image whose seed stays).
 */
export function finalConfig(installXml: string, o: FinalOptions): string {
  const kind = o.source.kind;
  if (kind === 'import' || kind === 'kernel' || (kind === 'cloud' && !o.removeSeed)) return installXml;
  const domain = parseTree(installXml);
  if (o.uuid && !child(domain, 'uuid')) {
    const at = domain.children.findIndex((c) => typeof c === 'object' && c !== null && c.name === 'name');
    domain.children.splice(at + 1, 0, el('uuid', {}, o.uuid));
  }
  const os = child(domain, 'os');
  const devices = child(domain, 'devices');
  if (os && kind !== 'cloud') {
    // The install's kernel and boot devices go; the disk is what boots from now on. A
    // per-device <boot order> (an edit) is kept as the user set it.
    const perDevice = devices ? children(devices).some((d) => child(d, 'boot')) : false;
    const kept: XmlChild[] = os.children.filter((c) => !(typeof c === 'object' && c && ['boot', 'kernel', 'initrd', 'cmdline'].includes(c.name)));
    os.children = perDevice ? kept : [...kept, el('boot', { dev: 'hd' })];
  }
  if (devices) {
    const media = installMedia(o.source);
    devices.children = devices.children.flatMap((d): XmlChild[] => {
      if (typeof d !== 'object' || !d || d.name !== 'disk') return [d];
      const src = diskSource(d);
      if (o.removeSeed && src === o.removeSeed) return [];
      // The drive stays (a later install or guest tools can use it); its media is ejected.
      if (media && !o.windows && d.attrs.device === 'cdrom' && src === media) {
        return [{ ...d, children: d.children.filter((c) => !(typeof c === 'object' && c && c.name === 'source')) }];
      }
      return [d];
    });
  }
  return `${serialize(domain)}\n`;
}
