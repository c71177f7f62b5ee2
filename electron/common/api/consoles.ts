// Graphical consoles: the backend bridges a WebSocket to the VM's VNC or SPICE server. Opening
// one gives a single-use ticket; the page presents it as a WebSocket subprotocol (never in a
// URL, so it is in no history or log) when it connects to `path` on its own origin.
export type ConsoleType = 'vnc' | 'spice';

export interface ConsoleTicket {
  type: ConsoleType;
  /** Where to open the WebSocket: a path on the page's own origin, or a ws://127.0.0.1:PORT URL (the desktop app's console server). */
  path: string;
  /** The WebSocket subprotocols to offer: 'binary' and the single-use ticket. */
  protocols: string[];
  /** The VM's graphics has a password (asked for by the console, never stored). */
  passwordRequired: boolean;
  /** Both kinds of graphics the VM has, so the user can switch. */
  available: ConsoleType[];
}

/** The subprotocol prefix that carries a ticket. */
export const TICKET_PROTOCOL_PREFIX = 'virtdeck.ticket.';

/** A virt-viewer connection file (.vv) for `Open in Remote Viewer`; it never holds a password. */
export interface ViewerFile {
  /** A file name for it, after the VM. */
  name: string;
  /** The file's text (a GLib key file). */
  content: string;
}
