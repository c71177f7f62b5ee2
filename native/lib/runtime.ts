// Routes what the addon posts from its threads (events, close, credential requests, stream
// data) to the JS objects that asked for them. Keys are allocated by the addon.
import { native, type Credential, type Dispatch, type Handle } from './binding.js';
import { LibvirtError } from './errors.js';

type EventRoute = (object: Handle<string>, payload: Record<string, unknown>) => void;
type StreamRoute = (type: 'data' | 'end' | 'error', payload: Uint8Array | Error | undefined) => void;
export type AuthRoute = (creds: Credential[]) => (string | null)[] | null | Promise<(string | null)[] | null>;

export const eventRoutes = new Map<number, EventRoute>();
export const closeRoutes = new Map<number, (reason: number) => void>();
export const authRoutes = new Map<number, AuthRoute>();
export const streamRoutes = new Map<number, StreamRoute>();

// A throwing user callback must not unwind into the addon's delivery loop; it surfaces as an
// uncaught exception, as it would from an EventEmitter listener.
function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}

const dispatch = ((kind: string, key: number, a: unknown, b: unknown): void => {
  switch (kind) {
    case 'event': {
      const route = eventRoutes.get(key);
      if (route) guarded(() => route(a as Handle<string>, b as Record<string, unknown>));
      return;
    }
    case 'close': {
      const route = closeRoutes.get(key);
      if (route) guarded(() => route(a as number));
      return;
    }
    case 'auth': {
      const reply = b as (answers: (string | null)[] | null) => void;
      const route = authRoutes.get(key);
      if (!route) return reply(null);
      Promise.resolve()
        .then(() => route(a as Credential[]))
        .then(
          (answers) => reply(answers ?? null),
          () => reply(null),
        );
      return;
    }
    case 'stream': {
      const route = streamRoutes.get(key);
      if (route) guarded(() => route(a as 'data' | 'end' | 'error', b as Uint8Array | Error | undefined));
      return;
    }
  }
}) as Dispatch;

native.setRuntime({ dispatch, LibvirtError: LibvirtError });

/** Events the addon dropped because JS fell behind (each dropped event means: re-read state). */
export function droppedEvents(): number {
  return native.droppedEvents();
}
