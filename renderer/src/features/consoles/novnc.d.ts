// The part of noVNC's RFB client (@novnc/novnc, which ships no types) that Virtdeck uses.
declare module '@novnc/novnc' {
  export interface RfbOptions {
    shared?: boolean;
    credentials?: { username?: string; password?: string; target?: string };
    wsProtocols?: string[];
  }
  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | WebSocket, options?: RfbOptions);
    scaleViewport: boolean;
    resizeSession: boolean;
    clipViewport: boolean;
    focusOnClick: boolean;
    background: string;
    disconnect(): void;
    sendCredentials(credentials: { username?: string; password?: string; target?: string }): void;
    sendCtrlAltDel(): void;
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    focus(): void;
    blur(): void;
    clipboardPasteFrom(text: string): void;
    /**
     * noVNC's keyboard handler (private in 1.7, the pinned version). Its _allKeysUp sends a
     * key-up for every key it holds down; noVNC calls it only on window blur, and no public
     * method does it, yet a screen that loses focus must release them too.
     */
    readonly _keyboard: { _allKeysUp(): void } | null;
  }
}
