// The former read-only map of libvirt XML, kept only for the non-domain parsers (storage,
// capabilities, direct devices, osinfo records) until they move onto electron/node/xml/ (issue
// #11, helper xmlhost). Domain XML is read and written through electron/node/xml/domain.ts.
import { XMLParser } from 'fast-xml-parser';

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

export type XmlNode = Record<string, unknown>;

export const obj = (v: unknown): XmlNode => (v && typeof v === 'object' ? (v as XmlNode) : {});
export const list = (v: unknown): XmlNode[] => (Array.isArray(v) ? v.map(obj) : []);

export function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** An attribute's or element's text, decoded; undefined when absent. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? decode(v) : v && typeof v === 'object' && '#text' in v ? decode(String((v as XmlNode)['#text'])) : undefined;
