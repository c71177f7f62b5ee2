// virt-viewer's connection file (.vv, a GLib key file) for one display, as remote-viewer
// reads it. It never holds a password: remote-viewer asks for one itself when the display has
// one. Values are escaped the way GLib reads them back, so a hostile VM name (newlines, `[`,
// `=`, leading spaces) stays one value and cannot add keys or groups.
import type { ConsoleType } from '../../common/api/consoles.js';

export interface ViewerFileSpec {
  type: ConsoleType;
  host: string;
  port: number;
  title: string;
}

/** A string as a GLib key-file value: backslash escapes, no raw line breaks or control characters. */
export function keyFileValue(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Other control characters (NUL among them) have no escape in GLib; they carry nothing
    // a title needs, so they become spaces.
    else if (/[\u0000-\u001f\u007f\u2028\u2029]/u.test(ch)) out += ' ';
    else out += ch;
  }
  // GLib strips leading whitespace from values unless it is written as \s.
  return out.replace(/^ /, '\\s');
}

export function viewerFileText(spec: ViewerFileSpec): string {
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) throw new RangeError(`not a port: ${spec.port}`);
  const lines = [
    '[virt-viewer]',
    `type=${spec.type}`,
    `host=${keyFileValue(spec.host)}`,
    `port=${spec.port}`,
    `title=${keyFileValue(spec.title)}`,
    // remote-viewer removes the file once it has read it.
    'delete-this-file=1',
  ];
  return `${lines.join('\n')}\n`;
}

/** A file name for the VM's .vv file: its name with anything unusual in a file name replaced. */
export function viewerFileName(vmName: string): string {
  const safe = vmName
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '_')
    .slice(0, 100);
  return `${safe || 'console'}.vv`;
}
