// The renderer reaches the backend through one RpcPeer: the preload bridge in the desktop app,
// or a WebSocket to the page's own server in browser mode. The WebSocket can drop (the server
// restarts, the network or the machine sleeps): the transport then reconnects with backoff and
// says so (LinkState), fails calls at once rather than letting them wait for a socket that may
// never come, and stops when the session is refused (it ended or was signed out), since retrying
// cannot help there: the page offers to sign in instead. Events missed meanwhile are gone; the
// store reads everything again when the link is back (store.ts, resyncAll).
import { ApiError, type ApiErrorCode } from '../../../electron/common/api/errors.js';
import { Emitter, type Unsubscribe } from '../../../electron/common/events/emitter.js';
import { msg, type MessageRef } from '../../../electron/common/messages/messages.js';
import type { RpcMessage, RpcPeer } from '../../../electron/common/rpc/messages.js';
import { SESSION_ENDED_CLOSE } from '../../../electron/common/rpc/session-protocol.js';
import { retryDelayMs } from './backoff.js';
import { hasSessionSecret, onSignedInElsewhere, sessionAdmitted, sessionProtocols } from './session.js';

interface Bridge {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    virtdeck?: Bridge;
  }
}

/** The link to the backend as the page shows it. */
export type LinkState =
  /** The first socket is opening; calls wait for it. */
  | { kind: 'connecting' }
  | { kind: 'open' }
  /** The link dropped; the next try is at `retryAt` (epoch ms). */
  | { kind: 'lost'; attempt: number; retryAt: number }
  /** The server refused this page's session: signed out (here or in another tab) or ended (expired, server restarted). */
  | { kind: 'refused'; why: 'signedOut' | 'sessionEnded' };

export interface Transport {
  readonly peer: RpcPeer;
  state(): LinkState;
  /** Called on every change of the link's state. */
  onState(listener: (state: LinkState) => void): Unsubscribe;
  /** Tries to connect at once: after a sign-in, or when the user asks. */
  retryNow(): void;
}

function bridgeTransport(bridge: Bridge): Transport {
  // The desktop app's IPC lives as long as the window: it has no link to lose.
  const open: LinkState = { kind: 'open' };
  return {
    peer: {
      send: (m) => bridge.send(m),
      onMessage: (h) => bridge.onMessage((m) => h(m as RpcMessage)),
    },
    state: () => open,
    onState: () => () => undefined,
    retryNow: () => undefined,
  };
}

/** Refusals in a row, while the server answers HTTP, after which the session counts as refused. */
const REFUSALS_BEFORE_GIVING_UP = 3;

function socketTransport(url: string): Transport {
  const received = new Emitter<RpcMessage>();
  const changed = new Emitter<LinkState>();
  let state: LinkState = { kind: 'connecting' };
  let socket: WebSocket | null = null;
  let connecting = false;
  let attempt = 0;
  let refusals = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Sent before the first socket opened: the page's first reads wait for it. */
  const waiting: string[] = [];
  /** Calls sent on the open socket and not answered yet: they fail if it drops. */
  const unanswered = new Set<number>();

  const setState = (next: LinkState) => {
    state = next;
    changed.emit(next);
  };

  /** Answers a call here, as the backend would, with an error (asynchronously, like a real answer). */
  const answerWithError = (id: number, code: ApiErrorCode, what: MessageRef) => {
    const error = new ApiError(code, what).toData();
    queueMicrotask(() => received.emit({ t: 'result', id, ok: false, error }));
  };

  const failWaiting = () => {
    for (const text of waiting.splice(0)) {
      const m = JSON.parse(text) as RpcMessage;
      if (m.t === 'call') answerWithError(m.id, ...whyNot());
    }
  };

  /** Why a call cannot be sent now. */
  const whyNot = (): [ApiErrorCode, MessageRef] => (state.kind === 'refused' ? ['not-connected', msg('rpc.sessionEnded')] : ['not-connected', msg('rpc.serverUnreachable')]);

  const refuse = (why: 'signedOut' | 'sessionEnded') => {
    clearTimeout(timer);
    timer = undefined;
    setState({ kind: 'refused', why });
    failWaiting();
  };

  const scheduleRetry = () => {
    attempt++;
    const delay = retryDelayMs(attempt);
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delay);
    setState({ kind: 'lost', attempt, retryAt: Date.now() + delay });
    failWaiting();
  };

  async function connect(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (socket || connecting) return;
    connecting = true;
    const protocols = await sessionProtocols();
    connecting = false;
    // Signed out in another tab (or the sign-in link was already used): the server would refuse.
    if (!hasSessionSecret()) return refuse('signedOut');
    const ws = new WebSocket(url, protocols);
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      attempt = 0;
      refusals = 0;
      for (const text of waiting.splice(0)) sendOn(ws, text);
      setState({ kind: 'open' });
    });
    ws.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as RpcMessage;
      if (m.t === 'result') unanswered.delete(m.id);
      received.emit(m);
    });
    ws.addEventListener('close', (e) => {
      if (socket !== ws) return;
      socket = null;
      for (const id of unanswered) answerWithError(id, 'not-connected', msg('rpc.lostDuringCall'));
      unanswered.clear();
      void closed(e.code, opened);
    });
  }

  async function closed(code: number, opened: boolean): Promise<void> {
    if (code === SESSION_ENDED_CLOSE) return refuse(hasSessionSecret() ? 'sessionEnded' : 'signedOut');
    if (!opened) {
      // Refused before it opened: a page is not told why, so ask the server whether it still admits us.
      const admitted = await sessionAdmitted();
      if (admitted === false || (admitted === true && ++refusals >= REFUSALS_BEFORE_GIVING_UP)) {
        return refuse(hasSessionSecret() ? 'sessionEnded' : 'signedOut');
      }
    }
    scheduleRetry();
  }

  const sendOn = (ws: WebSocket, text: string) => {
    const m = JSON.parse(text) as RpcMessage;
    if (m.t === 'call') unanswered.add(m.id);
    ws.send(text);
  };

  const retryNow = () => {
    if (state.kind === 'open' || state.kind === 'connecting') return;
    refusals = 0;
    void connect();
  };

  // Back in view, back online, or signed in from another tab: no reason to wait for the timer.
  window.addEventListener('online', () => state.kind === 'lost' && retryNow());
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && state.kind === 'lost' && retryNow());
  onSignedInElsewhere(() => state.kind === 'refused' && retryNow());

  void connect();
  return {
    peer: {
      send(m) {
        const text = JSON.stringify(m);
        if (socket?.readyState === WebSocket.OPEN) sendOn(socket, text);
        else if (state.kind === 'connecting') waiting.push(text);
        // Down: a call fails at once with why, rather than waiting for a socket that may not come.
        else if (m.t === 'call') answerWithError(m.id, ...whyNot());
      },
      onMessage: (h) => received.on(h),
    },
    state: () => state,
    onState: (l) => changed.on(l),
    retryNow,
  };
}

export function connectTransport(): Transport {
  if (window.virtdeck) return bridgeTransport(window.virtdeck);
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return socketTransport(`${proto}//${location.host}/api`);
}
