// Escaping for values Virtdeck writes, and decoding of values as written, for the lossless XML
// document. Writing always escapes: a user's string never reaches the XML as markup.

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes character and the five predefined entity references; other (DTD) entities stay as written. */
export function decodeReferences(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return PREDEFINED[ref] ?? whole;
  });
}

/** Text content as an XML processor reports it: line ends normalised, references decoded. */
export function decodeText(raw: string): string {
  return decodeReferences(raw.replace(/\r\n?/g, '\n'));
}

/**
 * An attribute's value as an XML processor reports it: literal whitespace becomes a space (XML
 * 1.0 §3.3.3), while `&#10;` written as a reference stays a newline.
 */
export function decodeAttribute(raw: string): string {
  return decodeReferences(raw.replace(/\r\n|[\r\n\t]/g, ' '));
}

// XML 1.0 allows no control characters besides tab, newline and carriage return: refuse them
// rather than write a document libvirt would reject with a parser message.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function allowed(value: string): string {
  if (FORBIDDEN.test(value)) throw new RangeError('a value holds a control character that XML cannot carry');
  return value;
}

/**
 * Text for element content, escaped as libvirt escapes it (virBufferEscapeString: `& < > " '`),
 * so that what Virtdeck writes is what libvirt's dumpxml gives back; a carriage return is kept
 * as a reference.
 */
export function escapeText(value: string): string {
  return allowed(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;');
}

/**
 * An attribute value: markup characters and both quotes escaped (as libvirt does), and
 * newlines/tabs as references so that they survive a parse (a literal one would read as a space).
 */
export function escapeAttribute(value: string, _quote: '"' | "'"): string {
  const out = allowed(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
  // Both quotes, whichever delimits the value: libvirt writes them so.
  return out.replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
