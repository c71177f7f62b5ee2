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

/**
 * A text console of a VM (libvirt's openConsole device): a `<serial>` or `<console>` of the
 * domain XML. `name` is what libvirt opens it by (its alias: serial0, console1, …).
 */
export interface SerialDevice {
  name: string;
  kind: 'serial' | 'console';
  /** The guest side as the XML says: isa-serial, pci-serial, usb-serial, virtio, serial, sclp, … */
  targetType: string;
  port: number | null;
  /** The host side: pty, file, tcp, unix, …; libvirt can attach a console only to a pty. */
  sourceType: string;
  openable: boolean;
}

export interface SerialTicket {
  device: string;
  /** Where to open the WebSocket: as ConsoleTicket.path. */
  path: string;
  /** The WebSocket subprotocols to offer: 'binary' and the single-use ticket. */
  protocols: string[];
}

/** WebSocket close codes of a text console, saying why it ended (the page words them). */
export const SERIAL_CLOSE = {
  /** The VM stopped (or the device went away with it). */
  vmStopped: 4001,
  /** Another client forced the console over to itself. */
  takenOver: 4002,
  /** The stream failed (the host connection closed, …). */
  failed: 4003,
} as const;

/** A virt-viewer connection file (.vv) for `Open in Remote Viewer`; it never holds a password. */
export interface ViewerFile {
  /** A file name for it, after the VM. */
  name: string;
  /** The file's text (a GLib key file). */
  content: string;
}
