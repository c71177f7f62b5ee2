// The one XML layer's document: order-preserving and lossless. `XmlDocument.parse(x).serialize()`
// returns x byte for byte for any well-formed input, and an edit changes only the bytes of what
// it edited (new elements indented like their siblings).
//
// Why our own tokenizer and not a library: fast-xml-parser (preserveOrder) and @xmldom/xmldom
// both lose what libvirt users see as their XML: attribute quote style and the spacing inside
// tags, and the difference between `&#10;` and a literal newline (both decode references
// before they hand out the tree, and serialise with their own quoting); fast-xml-parser also
// re-escapes or drops entities depending on `processEntities`. Keeping bytes exact means keeping
// the raw source of each token, which a ~200-line tokenizer does directly.
import { XmlElement, type Quote, type XmlNode } from './nodes.js';
import { parseXml } from './parse.js';

export { XmlCData, XmlElement, XmlMarkup, XmlText, type Quote, type XmlAttribute, type XmlNode } from './nodes.js';
export { XmlParseError } from './parse.js';
export { decodeAttribute, decodeText, escapeAttribute, escapeText } from './escape.js';

export class XmlDocument {
  private constructor(
    /** Top-level nodes: XML declaration, comments, doctype, the root, trailing whitespace. */
    readonly nodes: XmlNode[],
    public root: XmlElement,
    /** The quote style of this document, for new attributes. */
    readonly quote: Quote,
  ) {}

  /** Parses well-formed XML; throws XmlParseError (with the offset) for anything else. */
  static parse(xml: string): XmlDocument {
    const t = parseXml(xml);
    return new XmlDocument(t.nodes, t.root, t.quote);
  }

  /** A new document of one empty root element. */
  static create(rootName: string, quote: Quote = "'"): XmlDocument {
    const root = new XmlElement(rootName, [], { quote });
    return new XmlDocument([root], root, quote);
  }

  /** A new element in this document's quote style, with attributes set (escaped) in the given order. */
  createElement(name: string, attributes: Record<string, string | undefined> = {}): XmlElement {
    const el = new XmlElement(name, [], { quote: this.quote });
    for (const [k, v] of Object.entries(attributes)) if (v !== undefined) el.setAttr(k, v);
    return el;
  }

  serialize(): string {
    return this.nodes.map((n) => n.serialize()).join('');
  }

  toString(): string {
    return this.serialize();
  }
}
