// Reading libvirt's domain XML, one way for every reader (details, extras, consoles). Values
// stay strings as written (parseTagValue off: a serial "000123" must not become 123);
// processEntities is off for speed, and `str` decodes the five XML entities where a value is
// used. Repeatable devices are always arrays, whether the XML has one of them or several.
import { XMLParser } from 'fast-xml-parser';

const REPEATED = new Set(['disk', 'interface', 'graphics', 'channel', 'listen']);
// Repeatable as devices only: a <disk> has one <serial>, its serial number.
const REPEATED_DEVICES = new Set(['serial', 'console']);

/**
 * A parser for libvirt's (and osinfo's) XML as every reader here reads it: attributes unprefixed,
 * values as written, entities left for `str`; the named elements always arrays.
 */
export function xmlParser(repeated: (name: string, path: string) => boolean, options: { stopNodes?: string[] } = {}): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    ...options,
    isArray: (name, path, _leaf, isAttribute) => !isAttribute && repeated(name, String(path)),
  });
}

const parser = xmlParser((name, path) => REPEATED.has(name) || (REPEATED_DEVICES.has(name) && path === `domain.devices.${name}`));

export type XmlNode = Record<string, unknown>;

export const obj = (v: unknown): XmlNode => (v && typeof v === 'object' ? (v as XmlNode) : {});
export const list = (v: unknown): XmlNode[] => (Array.isArray(v) ? v.map(obj) : []);

export function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** An attribute's or element's text, decoded; undefined when absent. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? decode(v) : v && typeof v === 'object' && '#text' in v ? decode(String((v as XmlNode)['#text'])) : undefined;

/** The <domain> element. */
export function parseDomain(xml: string): XmlNode {
  return obj(obj(parser.parse(xml)).domain);
}
