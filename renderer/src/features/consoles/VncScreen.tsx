// A VNC display through noVNC on the backend's bridge. The RFB client is created in an effect
// (never during render) and torn down with the component, which closes the bridge.
import RFB from '@novnc/novnc';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { takeEarlySocket } from './early-socket.js';
import { SHIFT_L, typedKeys } from './typed-keys.js';
import { assignHandle, consoleSocketUrl, type DisplayScreenProps, type ScaleMode } from './display-screen.js';

function applyScale(client: RFB, scale: ScaleMode): void {
  client.scaleViewport = scale !== 'actual';
  client.resizeSession = scale === 'resize';
  client.clipViewport = false;
}

export function VncScreen({ ticket, scale, onStatus, onGuestClipboard, onKeyboardGrab, handle }: DisplayScreenProps) {
  const screen = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB | null>(null);
  // The callbacks change identity with every render of the shell; the session must not.
  const callbacks = useRef({ onStatus, onGuestClipboard, onKeyboardGrab });
  callbacks.current = { onStatus, onGuestClipboard, onKeyboardGrab };

  // A layout effect: the connection starts as soon as the screen is in the DOM, not after the
  // browser's next paint (a frame sooner to the guest's first picture).
  useLayoutEffect(() => {
    const el = screen.current;
    if (!el) return;
    // The socket opened when the ticket arrived, if the click prefetched it; else a new one.
    const early = takeEarlySocket(ticket);
    const client = early ? new RFB(el, early as unknown as WebSocket) : new RFB(el, consoleSocketUrl(ticket), { wsProtocols: ticket.protocols });
    client.background = '#111';
    applyScale(client, scale);
    const status = (s: Parameters<typeof onStatus>[0]) => callbacks.current.onStatus(s);
    client.addEventListener('connect', () => status({ kind: 'connected' }));
    client.addEventListener('credentialsrequired', () => status({ kind: 'password' }));
    // A refusal (wrong password) is followed by a disconnect, which must not hide it: the
    // shell retries lost sessions by itself, but never a refused one.
    let refused: string | null = null;
    client.addEventListener('securityfailure', (e) => {
      refused = (e as CustomEvent<{ reason?: string }>).detail.reason || 'authentication failed';
      status({ kind: 'closed', clean: false, message: refused });
    });
    client.addEventListener('disconnect', (e) => {
      if (refused === null) status({ kind: 'closed', clean: (e as CustomEvent<{ clean: boolean }>).detail.clean });
    });
    client.addEventListener('clipboard', (e) => callbacks.current.onGuestClipboard((e as CustomEvent<{ text: string }>).detail.text));
    const focusIn = () => callbacks.current.onKeyboardGrab(true);
    const focusOut = () => callbacks.current.onKeyboardGrab(false);
    el.addEventListener('focusin', focusIn);
    el.addEventListener('focusout', focusOut);
    rfb.current = client;
    assignHandle(handle, {
      sendCtrlAltDel: () => client.sendCtrlAltDel(),
      sendCredentials: (password) => client.sendCredentials({ password }),
      typeText: (text) => {
        for (const k of typedKeys(text)) {
          if (k.shift) client.sendKey(SHIFT_L, 'ShiftLeft', true);
          client.sendKey(k.keysym, null);
          if (k.shift) client.sendKey(SHIFT_L, 'ShiftLeft', false);
        }
      },
      focus: () => client.focus(),
      blur: () => client.blur(),
    });
    return () => {
      el.removeEventListener('focusin', focusIn);
      el.removeEventListener('focusout', focusOut);
      assignHandle(handle, null);
      rfb.current = null;
      client.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new ticket is a new session; scale is applied below without reconnecting, and handle is the caller's stable ref
  }, [ticket]);

  useEffect(() => {
    if (rfb.current) applyScale(rfb.current, scale);
  }, [scale]);

  return <div className={`console-screen scale-${scale}`} ref={screen} data-testid="console-screen" />;
}
