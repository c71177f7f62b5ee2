// A SPICE display through spice-html5 on the backend's bridge. SPICE opens one socket per
// channel; each gets its own single-use ticket (the first from the shell, the rest asked for as
// spice-html5 opens them). Created in a layout effect and stopped in its cleanup, while the
// screen element is still in the document: spice-html5 finds its canvases by element id.
import { SpiceMainConn } from '@spice-project/spice-html5';
import { Constants } from '@spice-project/spice-html5/src/enums.js';
import { SpiceMiniData, SpiceMsgcKeyDown, SpiceMsgcKeyUp } from '@spice-project/spice-html5/src/spicemsg.js';
import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { assignHandle, consoleSocketUrl, type DisplayScreenProps, type DisplayStatus, type ScaleMode } from './display-screen.js';
import { SCAN, scanKeys } from './spice-keys.js';
import { TicketedSocket } from './spice-socket.js';
import { describeError } from '../../i18n/messages.js';

type KeyEvent = { down: boolean; code: number };

/** Presses (all down, then up in reverse), as key events for the inputs channel. */
function chord(codes: number[]): KeyEvent[] {
  return [...codes.map((code) => ({ down: true, code })), ...[...codes].reverse().map((code) => ({ down: false, code }))];
}

// QEMU hands SPICE key events straight to the guest's PS/2 keyboard, whose queue is short and
// drained only as fast as the guest reads it (slow under TCG): unlike its VNC server, which
// spaces keys by 10 ms, nothing paces them. So do we; and keys pressed before the inputs
// channel is up wait for it rather than vanish.
const KEY_GAP_MS = 10;
const INPUTS_WAIT_MS = 10_000;

/** Sends key events on a connection's inputs channel, one every KEY_GAP_MS, in order. */
function keySender(conn: () => SpiceMainConn | null) {
  const queue: KeyEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingSince = 0;
  const pump = () => {
    timer = undefined;
    const inputs = conn()?.inputs;
    if (!inputs || inputs.state !== 'ready') {
      if (performance.now() - waitingSince > INPUTS_WAIT_MS) queue.length = 0;
      else timer = setTimeout(pump, 50);
      return;
    }
    const e = queue.shift();
    if (!e) return;
    const key = e.down ? new SpiceMsgcKeyDown() : new SpiceMsgcKeyUp();
    // A release is the press's scancode with bit 7 set.
    key.code = e.down ? e.code : e.code | 0x80;
    const msg = new SpiceMiniData();
    msg.build_msg(e.down ? Constants.SPICE_MSGC_INPUTS_KEY_DOWN : Constants.SPICE_MSGC_INPUTS_KEY_UP, key);
    inputs.send_msg(msg);
    if (queue.length) timer = setTimeout(pump, KEY_GAP_MS);
  };
  return {
    send(events: KeyEvent[]) {
      queue.push(...events);
      waitingSince = performance.now();
      if (timer === undefined) pump();
    },
    dispose() {
      clearTimeout(timer);
      queue.length = 0;
    },
  };
}

/** Fits the guest's canvas into the view with a CSS transform, which keeps mouse offsets in guest pixels. */
function layout(box: HTMLElement, screen: HTMLElement, scale: ScaleMode): void {
  const canvas = screen.querySelector('canvas');
  if (!canvas || !canvas.width || !canvas.height) return;
  const k = scale === 'actual' ? 1 : Math.min(box.clientWidth / canvas.width, box.clientHeight / canvas.height);
  canvas.style.transformOrigin = '0 0';
  canvas.style.transform = k === 1 ? '' : `scale(${k})`;
  // spice-html5 sets the screen's height to the guest's; scaled, it takes the scaled size.
  screen.style.width = `${Math.ceil(canvas.width * k)}px`;
  screen.style.height = `${Math.ceil(canvas.height * k)}px`;
}

export function SpiceScreen({ ticket, scale, onStatus, onKeyboardGrab, handle, nextTicket }: DisplayScreenProps) {
  const box = useRef<HTMLDivElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const screenId = `spice-screen-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const scaleNow = useRef(scale);
  scaleNow.current = scale;
  const relayout = useRef<() => void>(() => undefined);
  // The callbacks change identity with every render of the shell; the session must not.
  const callbacks = useRef({ onStatus, onKeyboardGrab, nextTicket });
  callbacks.current = { onStatus, onKeyboardGrab, nextTicket };

  useLayoutEffect(() => {
    const outer = box.current;
    const el = screen.current;
    if (!outer || !el) return;
    const url = consoleSocketUrl(ticket);
    const sockets = new Set<TicketedSocket>();
    let ended = false;
    let conn: SpiceMainConn | null = null;
    let connected = false;
    let agent = false;
    let sentPassword = false;
    // The shell's ticket opens the main channel, unless a password prompt may have outlived it.
    let spare: string[] | null = ticket.passwordRequired ? null : ticket.protocols;
    const status = (s: DisplayStatus) => {
      if (!ended) callbacks.current.onStatus(s);
    };
    const openSocket = (uri: string) => {
      const more = callbacks.current.nextTicket;
      const protocols = spare ? Promise.resolve(spare) : more ? more().then((t) => t.protocols) : Promise.reject(new Error('no ticket'));
      spare = null;
      const s = new TicketedSocket(uri, protocols);
      sockets.add(s);
      return s;
    };
    const stop = () => {
      const c = conn;
      conn = null;
      try {
        c?.stop();
      } catch {
        // spice-html5 stops channels one after another and gives up at the first that fails;
        // the sockets below are closed either way.
      }
      for (const s of sockets) s.close();
      sockets.clear();
    };
    const start = (password?: string) => {
      sentPassword = password !== undefined;
      conn = new SpiceMainConn({
        uri: url,
        screen_id: el.id,
        ...(password !== undefined ? { password } : {}),
        open_socket: openSocket,
        onsuccess: () => {
          connected = true;
          status({ kind: 'connected' });
        },
        onagent: () => {
          agent = true;
          relayout.current();
        },
        onerror: (e) => {
          if (ended) return;
          stop();
          if (!connected && sentPassword && /password|permission/i.test(describeError(e).text)) status({ kind: 'password' });
          // Closed after it worked: the display ended the session (the VM stopped or rebooted it).
          else status(connected ? { kind: 'closed', clean: true } : { kind: 'closed', clean: false, message: describeError(e).text });
        },
      });
    };

    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    relayout.current = () => {
      layout(outer, el, scaleNow.current);
      // Resizing the guest to the view needs its SPICE agent; without one the view scales.
      if (scaleNow.current === 'resize' && agent && conn) {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(() => conn?.resize_window(0, outer.clientWidth, outer.clientHeight, 32, 0, 0), 200);
      }
    };
    const resized = new ResizeObserver(() => relayout.current());
    resized.observe(outer);
    const drawn = new MutationObserver(() => relayout.current());
    drawn.observe(el, { childList: true });
    const focusIn = () => callbacks.current.onKeyboardGrab(true);
    const focusOut = () => callbacks.current.onKeyboardGrab(false);
    el.addEventListener('focusin', focusIn);
    el.addEventListener('focusout', focusOut);

    if (ticket.passwordRequired) status({ kind: 'password' });
    else start();
    const canvas = () => el.querySelector('canvas');
    const keys = keySender(() => conn);
    assignHandle(handle, {
      sendCtrlAltDel: () => keys.send(chord([SCAN.LCtrl, SCAN.LAlt, SCAN.KpDecimal])),
      sendCredentials: (password) => {
        stop();
        start(password);
      },
      typeText: (text) => {
        keys.send(scanKeys(text).flatMap((k) => chord(k.shift ? [SCAN.LShift, k.code] : [k.code])));
      },
      focus: () => canvas()?.focus(),
      blur: () => canvas()?.blur(),
    });
    return () => {
      ended = true;
      keys.dispose();
      clearTimeout(resizeTimer);
      resized.disconnect();
      drawn.disconnect();
      el.removeEventListener('focusin', focusIn);
      el.removeEventListener('focusout', focusOut);
      assignHandle(handle, null);
      relayout.current = () => undefined;
      stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new ticket is a new session; scale is applied below without reconnecting, and handle is the caller's stable ref
  }, [ticket]);

  useEffect(() => relayout.current(), [scale]);

  return (
    <div className={`console-screen spice scale-${scale}`} ref={box} data-testid="console-screen">
      <div id={screenId} ref={screen} />
    </div>
  );
}
