// Graphical consoles: the backend bridges a WebSocket to the VM's VNC or SPICE server. Opening
// one gives a single-use ticket; the page presents it as a WebSocket subprotocol (never in a
// URL, so it is in no history or log) when it connects to `path` on its own origin.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { domainRef } from './refs.js';

export const consoleType = z.enum(['vnc', 'spice']);
export type ConsoleType = z.infer<typeof consoleType>;

export const consoleTicket = z.strictObject({
  type: consoleType,
  /** Where to open the WebSocket: a path on the page's own origin, or a ws://127.0.0.1:PORT URL (the desktop app's console server). */
  path: z.string(),
  /** The WebSocket subprotocols to offer: 'binary' and the single-use ticket. */
  protocols: z.array(z.string()),
  /** The VM's graphics has a password (asked for by the console, never stored). */
  passwordRequired: z.boolean(),
  /** Both kinds of graphics the VM has, so the user can switch. */
  available: z.array(consoleType),
  /** The primary video device's model (vga, cirrus, qxl, virtio, …); null without one. Only some can resize to the window. */
  videoModel: z.string().nullable(),
});
export type ConsoleTicket = z.infer<typeof consoleTicket>;

/** The subprotocol prefix that carries a ticket. */
export const TICKET_PROTOCOL_PREFIX = 'virtdeck.ticket.';

/**
 * A text console of a VM (libvirt's openConsole device): a `<serial>` or `<console>` of the
 * domain XML. `name` is what libvirt opens it by (its alias: serial0, console1, …).
 */
export const serialDevice = z.strictObject({
  name: z.string(),
  kind: z.enum(['serial', 'console']),
  /** The guest side as the XML says: isa-serial, pci-serial, usb-serial, virtio, serial, sclp, … */
  targetType: z.string(),
  port: z.number().int().nullable(),
  /** The host side: pty, file, tcp, unix, …; libvirt can attach a console only to a pty. */
  sourceType: z.string(),
  openable: z.boolean(),
});
export type SerialDevice = z.infer<typeof serialDevice>;

export const serialTicket = z.strictObject({
  device: z.string(),
  /** Where to open the WebSocket: as ConsoleTicket.path. */
  path: z.string(),
  /** The WebSocket subprotocols to offer: 'binary' and the single-use ticket. */
  protocols: z.array(z.string()),
});
export type SerialTicket = z.infer<typeof serialTicket>;

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
export const viewerFile = z.strictObject({
  /** A file name for it, after the VM. */
  name: z.string(),
  /** The file's text (a GLib key file). */
  content: z.string(),
});
export type ViewerFile = z.infer<typeof viewerFile>;

const display = z.strictObject({ ref: domainRef, type: consoleType.optional() });

export const consolesApi = defineNamespace({
  /** A single-use ticket for the running VM's VNC or SPICE display (the first one when no type is given). */
  open: method({ params: display, result: consoleTicket }),
  /**
   * The VM's text consoles (serial ports and consoles), from its live XML when it runs and
   * its defined XML otherwise. Works for remote hosts as well: the text travels over libvirt.
   */
  serialDevices: method({ params: z.strictObject({ ref: domainRef }), result: z.array(serialDevice) }),
  /**
   * Attaches to a running VM's text console and gives a single-use ticket for its bridge.
   *
   * Safe by default: fails with in-use, in words, while another client holds the
   * console (virsh console, another window). `force` takes it over from that client, which
   * is disconnected. Fails with invalid-input when the VM is not running or the device is not
   * a pty, not-found when the device is gone.
   */
  openSerial: method({
    // libvirt's aliases: serial0, console1, or a user's ua-NAME.
    params: z.strictObject({ ref: domainRef, device: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), force: z.boolean().optional() }),
    result: serialTicket,
  }),
  /**
   * A virt-viewer file (.vv) for the running VM's display (SPICE by default when it has both
   * kinds), for what the page cannot do, such as USB redirection. Type, host, port and title
   * only: never a password (remote-viewer asks for it). Local connections only; fails for a
   * display on a unix socket.
   */
  viewerFile: method({ params: display, result: viewerFile }),
  /**
   * Starts remote-viewer on this machine for the running VM's display. Resolves
   * `{ launched: false }` when remote-viewer is not installed (offer `viewerFile` instead).
   * The desktop app's way; in browser mode the page downloads the file.
   */
  launchViewer: method({ params: display, result: z.strictObject({ launched: z.boolean() }) }),
});
