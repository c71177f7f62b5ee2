// Builds new XML as a tree of elements, so every attribute and text is escaped in one place
// and no user string is ever spliced into markup by hand.
export type XmlChild = XmlElement | string | null | undefined | false;

export interface XmlElement {
  name: string;
  attrs: Record<string, string | number | undefined>;
  children: XmlChild[];
}

export function el(name: string, attrs: XmlElement['attrs'] = {}, ...children: XmlChild[]): XmlElement {
  return { name, attrs, children };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

// XML 1.0 allows no control characters besides tab, newline and carriage return: refuse them
// rather than write a document libvirt would reject with a parser message.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function text(s: string): string {
  if (FORBIDDEN.test(s)) throw new RangeError('a value holds a control character that XML cannot carry');
  return escapeXml(s);
}

/** Serializes with two-space indentation; elements holding only text stay on one line. */
export function serialize(e: XmlElement, indent = ''): string {
  const attrs = Object.entries(e.attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}='${text(String(v))}'`)
    .join('');
  const kids = e.children.filter((c): c is XmlElement | string => c !== null && c !== undefined && c !== false);
  if (kids.length === 0) return `${indent}<${e.name}${attrs}/>`;
  if (kids.every((c) => typeof c === 'string')) return `${indent}<${e.name}${attrs}>${kids.map((c) => text(c)).join('')}</${e.name}>`;
  const inner = kids.map((c) => (typeof c === 'string' ? `${indent}  ${text(c)}` : serialize(c, `${indent}  `))).join('\n');
  return `${indent}<${e.name}${attrs}>\n${inner}\n${indent}</${e.name}>`;
}
