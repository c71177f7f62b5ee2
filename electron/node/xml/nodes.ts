// The nodes of the lossless XML document. Every node keeps the bytes it was parsed from, so an
// unedited node serialises to exactly those bytes; edits replace only the parts they change.
import { decodeAttribute, decodeText, escapeAttribute, escapeText } from './escape.js';

export type Quote = '"' | "'";

/** One attribute as written: the whitespace before it, `name`, the `=` with its spacing, quote, raw value. */
export interface XmlAttribute {
  leading: string;
  name: string;
  eq: string;
  quote: Quote;
  raw: string;
}

/** Character data as written (entity and character references kept). */
export class XmlText {
  readonly kind = 'text' as const;
  parent: XmlElement | null = null;
  constructor(public raw: string) {}
  get value(): string {
    return decodeText(this.raw);
  }
  set value(v: string) {
    this.raw = escapeText(v);
  }
  get isWhitespace(): boolean {
    return /^[ \t\r\n]*$/.test(this.raw);
  }
  serialize(): string {
    return this.raw;
  }
}

/** `<![CDATA[...]]>`: `raw` is the whole section. */
export class XmlCData {
  readonly kind = 'cdata' as const;
  parent: XmlElement | null = null;
  constructor(public raw: string) {}
  get value(): string {
    return this.raw.slice(9, -3).replace(/\r\n?/g, '\n');
  }
  serialize(): string {
    return this.raw;
  }
}

/** A comment, processing instruction, or doctype: kept verbatim and never interpreted. */
export class XmlMarkup {
  parent: XmlElement | null = null;
  constructor(
    readonly kind: 'comment' | 'pi' | 'doctype',
    public raw: string,
  ) {}
  serialize(): string {
    return this.raw;
  }
}

export type XmlNode = XmlElement | XmlText | XmlCData | XmlMarkup;

export class XmlElement {
  readonly kind = 'element' as const;
  parent: XmlElement | null = null;
  children: XmlNode[] = [];
  /** Whitespace between the last attribute and `>` or `/>`. */
  tagTail = '';
  /** Written as `<x/>`; becomes false when content is added. */
  selfClosing: boolean;
  /** Whitespace inside the end tag, `</x  >`. */
  closeTail = '';
  /** The quote style for attributes this element gets that it did not have. */
  defaultQuote: Quote;

  constructor(
    public name: string,
    public attributes: XmlAttribute[] = [],
    options: { selfClosing?: boolean; quote?: Quote } = {},
  ) {
    this.selfClosing = options.selfClosing ?? true;
    this.defaultQuote = options.quote ?? attributes[0]?.quote ?? "'";
  }

  get prefix(): string | null {
    const i = this.name.indexOf(':');
    return i < 0 ? null : this.name.slice(0, i);
  }

  get localName(): string {
    const i = this.name.indexOf(':');
    return i < 0 ? this.name : this.name.slice(i + 1);
  }

  /** The namespace URI of this element, resolved through the xmlns declarations in scope. */
  get namespaceURI(): string | null {
    return this.lookupNamespace(this.prefix);
  }

  lookupNamespace(prefix: string | null): string | null {
    const attr = prefix === null ? 'xmlns' : `xmlns:${prefix}`;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the ancestors starts at this element
    for (let e: XmlElement | null = this; e; e = e.parent) {
      const v = e.attr(attr);
      if (v !== undefined) return v === '' ? null : v;
    }
    return prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : null;
  }

  /** An attribute's decoded value, or undefined when it is absent. */
  attr(name: string): string | undefined {
    const a = this.attributes.find((x) => x.name === name);
    return a ? decodeAttribute(a.raw) : undefined;
  }

  hasAttr(name: string): boolean {
    return this.attributes.some((x) => x.name === name);
  }

  /**
   * Sets an attribute (escaped); an existing one keeps its place, spacing and quote. A new one goes
   * before the first of `before` that the element has (the schema's order), else at the end.
   */
  setAttr(name: string, value: string, before: readonly string[] = []): this {
    const a = this.attributes.find((x) => x.name === name);
    if (a) {
      a.raw = escapeAttribute(value, a.quote);
    } else {
      const quote = this.defaultQuote;
      const at = this.attributes.findIndex((x) => before.includes(x.name));
      const attr: XmlAttribute = { leading: ' ', name, eq: '=', quote, raw: escapeAttribute(value, quote) };
      if (at < 0) this.attributes.push(attr);
      else this.attributes.splice(at, 0, attr);
    }
    return this;
  }

  removeAttr(name: string): this {
    this.attributes = this.attributes.filter((x) => x.name !== name);
    return this;
  }

  /** The element children, optionally only those with this qualified name. */
  elements(name?: string): XmlElement[] {
    return this.children.filter((c): c is XmlElement => c.kind === 'element' && (name === undefined || c.name === name));
  }

  /** The first element child with this qualified name. */
  element(name: string): XmlElement | undefined {
    return this.children.find((c): c is XmlElement => c.kind === 'element' && c.name === name);
  }

  /** Element children by local name and namespace URI (null: no namespace). */
  elementsNS(ns: string | null, localName?: string): XmlElement[] {
    return this.elements().filter((e) => e.namespaceURI === ns && (localName === undefined || e.localName === localName));
  }

  /** The concatenated decoded text of this element and its descendants. */
  get text(): string {
    let out = '';
    for (const c of this.children) {
      if (c.kind === 'text' || c.kind === 'cdata') out += c.value;
      else if (c.kind === 'element') out += c.text;
    }
    return out;
  }

  /** Replaces the content with one text node (escaped). */
  set text(value: string) {
    this.setChildren(value === '' ? [] : [new XmlText(escapeText(value))]);
    // An emptied element is written <x/>, as libvirt writes it.
    this.selfClosing = value === '';
  }

  private setChildren(nodes: XmlNode[]): void {
    for (const c of this.children) c.parent = null;
    this.children = nodes;
    for (const c of nodes) c.parent = this;
  }

  /** The whitespace that indents this element (what follows the last newline before it), or null. */
  indentation(): string | null {
    const p = this.parent;
    if (!p) return '';
    const i = p.children.indexOf(this);
    const prev = p.children[i - 1];
    if (prev?.kind !== 'text' || !prev.isWhitespace) return null;
    const nl = prev.raw.lastIndexOf('\n');
    return nl < 0 ? null : prev.raw.slice(nl + 1);
  }

  /** The line end this document uses ("\n" unless the text before this element says otherwise). */
  private lineEnd(): string {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the ancestors starts at this element
    for (let e: XmlElement | null = this; e; e = e.parent) {
      for (const c of e.children) if (c.kind === 'text' && c.raw.includes('\r\n')) return '\r\n';
    }
    return '\n';
  }

  /** One level of indentation, learned from the document (two spaces when nothing tells). */
  private indentUnit(): string {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the ancestors starts at this element
    for (let e: XmlElement | null = this; e; e = e.parent) {
      const own = e.indentation();
      const child = e
        .elements()
        .map((c) => c.indentation())
        .find((x) => x !== null);
      if (own !== null && child != null && child.startsWith(own) && child.length > own.length) return child.slice(own.length);
    }
    return '  ';
  }

  /**
   * Inserts a child element before `before` (or after the last element child), indented like its
   * siblings; an element without element children gets its own indentation plus one level.
   */
  insert(child: XmlElement, before?: XmlElement | null): XmlElement {
    if (child.parent) child.remove();
    const eol = this.lineEnd();
    const siblings = this.elements();
    const ref = before && before.parent === this ? before : null;
    if (ref) {
      const indent = ref.indentation();
      const at = this.children.indexOf(ref);
      const nodes: XmlNode[] = indent === null ? [child] : [child, new XmlText(eol + indent)];
      this.children.splice(at, 0, ...nodes);
      for (const n of nodes) n.parent = this;
      return child;
    }
    const last = siblings[siblings.length - 1];
    if (last) {
      const indent = last.indentation();
      const at = this.children.indexOf(last) + 1;
      const nodes: XmlNode[] = indent === null ? [child] : [new XmlText(eol + indent), child];
      this.children.splice(at, 0, ...nodes);
      for (const n of nodes) n.parent = this;
      return child;
    }
    // No element children yet: indent one level deeper than this element, if it is indented.
    const own = this.indentation();
    if (own === null || this.children.some((c) => !(c.kind === 'text' && c.isWhitespace))) {
      child.parent = this;
      this.children.push(child);
    } else {
      this.setChildren([new XmlText(eol + own + this.indentUnit()), child, new XmlText(eol + own)]);
    }
    this.selfClosing = false;
    return child;
  }

  /** Removes this element together with the whitespace that indented it. */
  remove(): void {
    const p = this.parent;
    if (!p) return;
    const i = p.children.indexOf(this);
    const prev = p.children[i - 1];
    const next = p.children[i + 1];
    let from = i;
    let to = i + 1;
    if (prev?.kind === 'text' && prev.isWhitespace && prev.raw.includes('\n')) from = i - 1;
    else if (i === 0 && next?.kind === 'text' && next.isWhitespace) to = i + 2;
    for (const n of p.children.slice(from, to)) n.parent = null;
    p.children.splice(from, to - from);
    // Only whitespace left: the parent is empty now, written <x/> as libvirt writes it.
    if (p.children.every((c) => c.kind === 'text' && c.isWhitespace)) {
      p.setChildren([]);
      p.selfClosing = true;
    }
  }

  serialize(): string {
    let out = `<${this.name}`;
    for (const a of this.attributes) out += `${a.leading}${a.name}${a.eq}${a.quote}${a.raw}${a.quote}`;
    out += this.tagTail;
    if (this.selfClosing && this.children.length === 0) return `${out}/>`;
    out += '>';
    for (const c of this.children) out += c.serialize();
    return `${out}</${this.name}${this.closeTail}>`;
  }
}
