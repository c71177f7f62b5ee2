// The part of spice-html5 (@spice-project/spice-html5 0.2.1, which ships no types) that
// Virtdeck uses. `open_socket` is the seam scripts/spice-html5-plugin.mjs adds at build time.
declare module '@spice-project/spice-html5' {
  /** What spice-html5 calls on its sockets: a WebSocket, or anything that behaves like one. */
  export type SpiceSocket = Pick<WebSocket, 'url' | 'readyState' | 'binaryType' | 'send' | 'close' | 'addEventListener' | 'removeEventListener'>;

  export interface SpiceMainConnOptions {
    uri: string;
    password?: string;
    /** The id of the element the display canvas goes into. */
    screen_id: string;
    message_id?: string;
    onerror?: (e: Error) => void;
    onsuccess?: (message: string) => void;
    onagent?: (conn: SpiceMainConn) => void;
    /** Opens the socket of every channel (the main one and those it announces). */
    open_socket?: (uri: string) => SpiceSocket;
  }

  export interface SpiceChannel {
    state: string;
    send_msg(msg: SpiceMiniDataLike): void;
  }

  export interface SpiceMiniDataLike {
    build_msg(type: number, payload: { code: number }): void;
  }

  export class SpiceMainConn {
    constructor(o: SpiceMainConnOptions);
    state: string;
    inputs?: SpiceChannel;
    agent_connected?: boolean;
    stop(): void;
    resize_window(flags: number, width: number, height: number, depth: number, x: number, y: number): void;
  }
}

declare module '@spice-project/spice-html5/src/spicemsg.js' {
  import type { SpiceMiniDataLike } from '@spice-project/spice-html5';
  export class SpiceMiniData implements SpiceMiniDataLike {
    build_msg(type: number, payload: { code: number }): void;
  }
  export class SpiceMsgcKeyDown {
    constructor(e?: KeyboardEvent);
    code: number;
  }
  export class SpiceMsgcKeyUp {
    /** From a key event: the key's release scancode (extended keys included). */
    constructor(e?: KeyboardEvent);
    code: number;
  }
}

declare module '@spice-project/spice-html5/src/enums.js' {
  export const Constants: {
    SPICE_MSGC_INPUTS_KEY_DOWN: number;
    SPICE_MSGC_INPUTS_KEY_UP: number;
  };
}
