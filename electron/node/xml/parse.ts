// A lossless XML tokenizer: it keeps every byte (attribute quotes and spacing, references as
// written, comments, CDATA, PIs, the doctype) in the nodes, so serialising an unedited tree gives
// the input back byte for byte. It checks well-formedness as far as reading needs (tags nest and
// match, attributes are unique, one root) and rejects the rest with the offset of the fault.
import { XmlCData, XmlElement, XmlMarkup, XmlText, type Quote, type XmlAttribute, type XmlNode } from './nodes.js';

export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`XML is not well-formed at offset ${offset}: ${message}`);
    this.name = 'XmlParseError';
  }
}

const NAME = /[^\s/>=<"'!?]+/y;
const WS = /[ \t\r\n]*/y;

export interface ParsedTree {
  /** Top-level nodes: prolog, root element, trailing misc; `root` is one of them. */
  nodes: XmlNode[];
  root: XmlElement;
  /** The quote most attributes use, for attributes and elements Virtdeck adds. */
  quote: Quote;
}

export function parseXml(input: string): ParsedTree {
  let pos = 0;
  const top: XmlNode[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let singles = 0;
  let doubles = 0;
  const allElements: XmlElement[] = [];

  const fail = (message: string, at = pos): never => {
    throw new XmlParseError(message, at);
  };
  const add = (node: XmlNode): void => {
    const parent = stack[stack.length - 1];
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      if (node.kind === 'text' && !node.isWhitespace) fail('text outside the root element');
      if (node.kind === 'cdata') fail('CDATA outside the root element');
      top.push(node);
    }
  };
  const until = (end: string, what: string): number => {
    const i = input.indexOf(end, pos);
    if (i < 0) fail(`unterminated ${what}`);
    return i + end.length;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(input);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const readWs = (): string => {
    WS.lastIndex = pos;
    const m = WS.exec(input) as RegExpExecArray;
    pos += m[0].length;
    return m[0];
  };

  // A byte order mark is kept as the first text of the document.
  if (input.charCodeAt(0) === 0xfeff) {
    top.push(new XmlText('\ufeff'));
    pos = 1;
  }

  while (pos < input.length) {
    const lt = input.indexOf('<', pos);
    if (lt !== pos) {
      const end = lt < 0 ? input.length : lt;
      const raw = input.slice(pos, end);
      if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);)/.test(raw)) fail('a bare & in text', pos);
      add(new XmlText(raw));
      pos = end;
      continue;
    }
    const start = pos;
    if (input.startsWith('<!--', pos)) {
      pos = until('-->', 'comment');
      add(new XmlMarkup('comment', input.slice(start, pos)));
    } else if (input.startsWith('<![CDATA[', pos)) {
      pos = until(']]>', 'CDATA section');
      add(new XmlCData(input.slice(start, pos)));
    } else if (input.startsWith('<?', pos)) {
      pos = until('?>', 'processing instruction');
      add(new XmlMarkup('pi', input.slice(start, pos)));
    } else if (input.startsWith('<!DOCTYPE', pos)) {
      if (stack.length > 0 || root) fail('a doctype must come before the root element');
      // The internal subset may hold '>' inside brackets and quoted strings.
      let depth = 0;
      let quote: string | null = null;
      pos += 9;
      for (; pos < input.length; pos++) {
        const ch = input[pos];
        if (quote) {
          if (ch === quote) quote = null;
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '[') depth++;
        else if (ch === ']') depth--;
        else if (ch === '>' && depth === 0) break;
      }
      if (pos >= input.length) fail('unterminated doctype', start);
      pos++;
      add(new XmlMarkup('doctype', input.slice(start, pos)));
    } else if (input.startsWith('</', pos)) {
      pos += 2;
      const name = readName();
      const tail = readWs();
      if (input[pos] !== '>') fail('expected > to close the end tag');
      pos++;
      const open = stack.pop();
      if (!open) return fail(`end tag </${name}> without a start tag`, start);
      if (open.name !== name) fail(`end tag </${name}> does not match <${open.name}>`, start);
      open.closeTail = tail;
    } else {
      pos++;
      const name = readName();
      if (!stack.length && root) fail('a second root element', start);
      const attributes: XmlAttribute[] = [];
      let tail = '';
      for (;;) {
        const ws = readWs();
        const ch = input[pos];
        if (ch === '>' || (ch === '/' && input[pos + 1] === '>')) {
          tail = ws;
          break;
        }
        if (pos >= input.length) fail(`unterminated start tag <${name}>`, start);
        if (!ws) fail('expected whitespace before an attribute');
        const attrName = readName();
        const eqStart = pos;
        readWs();
        if (input[pos] !== '=') fail(`expected = after attribute ${attrName}`);
        pos++;
        readWs();
        const eq = input.slice(eqStart, pos);
        const q = input[pos];
        if (q !== '"' && q !== "'") return fail(`attribute ${attrName} needs a quoted value`);
        const close = input.indexOf(q, pos + 1);
        if (close < 0) fail(`unterminated value of attribute ${attrName}`);
        const raw = input.slice(pos + 1, close);
        if (raw.includes('<')) fail(`< in the value of attribute ${attrName}`, pos);
        if (attributes.some((a) => a.name === attrName)) fail(`attribute ${attrName} repeated`, eqStart);
        if (q === '"') doubles++;
        else singles++;
        attributes.push({ leading: ws, name: attrName, eq, quote: q, raw });
        pos = close + 1;
      }
      const selfClosing = input[pos] === '/';
      pos += selfClosing ? 2 : 1;
      const el = new XmlElement(name, attributes, { selfClosing });
      el.tagTail = tail;
      allElements.push(el);
      add(el);
      if (!stack.length) root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]?.name}> is not closed`);
  if (!root) return fail('no root element', 0);
  const quote: Quote = doubles > singles ? '"' : "'";
  // Elements without attributes of their own take the document's quote style for new ones.
  for (const el of allElements) if (el.attributes.length === 0) el.defaultQuote = quote;
  return { nodes: top, root, quote };
}
