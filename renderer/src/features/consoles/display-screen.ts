// What the console shell needs from a graphical display, whatever protocol draws it: noVNC for
// VNC, spice-html5 for SPICE. A screen connects when it mounts and disconnects when it unmounts;
// the shell owns the ticket, the toolbar and the states around it.
import type { Ref } from 'react';
import type { ConsoleTicket } from '../../../../electron/common/api/consoles.js';

/** fit: scale the guest's screen into the view; actual: 1:1 with scrolling; resize: ask the guest to take the view's size. */
export type ScaleMode = 'fit' | 'actual' | 'resize';

export type DisplayStatus =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'password' }
  /** clean: the display ended the session itself (the VM stopped or rebooted its display). */
  | { kind: 'closed'; clean: boolean; message?: string };

export interface DisplayHandle {
  sendCtrlAltDel(): void;
  sendCredentials(password: string): void;
  /** Types host text into the guest as key presses; only ever called on the user's request. */
  typeText(text: string): void;
  focus(): void;
  blur(): void;
  /** Releases in the guest every key the user holds down through the display (see watchKeyRelease). */
  releaseKeys(): void;
}

export interface DisplayScreenProps {
  ticket: ConsoleTicket;
  scale: ScaleMode;
  onStatus(status: DisplayStatus): void;
  /** Text the guest put on its clipboard, where the protocol provides it. */
  onGuestClipboard(text: string): void;
  /** Whether the keyboard goes to the guest (the display has focus). */
  onKeyboardGrab(grabbed: boolean): void;
  handle: Ref<DisplayHandle | null>;
  /** Another single-use ticket to the same display: SPICE opens a socket per channel. */
  nextTicket?: () => Promise<ConsoleTicket>;
}

/** The WebSocket URL of a ticket: on the page's own origin, or the desktop's loopback console server. */
export function consoleSocketUrl(ticket: Pick<ConsoleTicket, 'path'>): string {
  if (/^wss?:\/\//.test(ticket.path)) return ticket.path;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${ticket.path}`;
}

export function assignHandle(handle: Ref<DisplayHandle | null>, value: DisplayHandle | null): void {
  if (typeof handle === 'function') handle(value);
  else if (handle) handle.current = value;
}

/**
 * Releases held keys when the keyboard leaves the guest: the screen loses focus (Ctrl+Alt, a
 * click elsewhere), the window loses focus, or the page is hidden. The key-ups of those keys go
 * elsewhere, so the guest would otherwise keep them held (Ctrl typed into every later key).
 * Returns the function that stops watching.
 */
export function watchKeyRelease(screen: HTMLElement, release: () => void): () => void {
  const hidden = () => {
    if (document.visibilityState === 'hidden') release();
  };
  screen.addEventListener('focusout', release);
  window.addEventListener('blur', release);
  document.addEventListener('visibilitychange', hidden);
  return () => {
    screen.removeEventListener('focusout', release);
    window.removeEventListener('blur', release);
    document.removeEventListener('visibilitychange', hidden);
  };
}
