// What the host pages share: reading a host's data while it is connected, again whenever it may
// have changed unseen (the host reconnected, or the link to the backend came back: events sent
// meanwhile are gone), and following one kind of backend event for that host.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VirtEvents } from '../../../../electron/common/api/contract.js';
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import { onBackendEvent, useStore } from '../../store/store.js';

/**
 * A key that changes whenever the host's data must be read again: it is connected (again) and
 * the backend is reachable (again). Null while it cannot be read.
 */
export function useReadEpoch(connection: ConnectionId): string | null {
  const state = useStore((s) => s.connections.find((c) => c.id === connection)?.state);
  const link = useStore((s) => s.link.kind);
  // A counter of the times both came back, so a reconnect reads again even if it looks the same.
  const [epoch, setEpoch] = useState(0);
  const ready = state === 'connected' && link === 'open';
  const wasReady = useRef(ready);
  useEffect(() => {
    if (ready && !wasReady.current) setEpoch((n) => n + 1);
    wasReady.current = ready;
  }, [ready]);
  return ready ? `${connection}#${epoch}` : null;
}

export interface Loaded<T> {
  value: T | undefined;
  /** The last read's failure (the value, if any, is from an earlier read). */
  error: unknown;
  loading: boolean;
  /** Reads again now. */
  reload(): void;
}

/**
 * The result of `read`, read when `epoch` is set and again whenever it or `key` changes, or on
 * reload(). A read that was overtaken by a newer one is dropped.
 */
export function useLoaded<T>(read: () => Promise<T>, epoch: string | null, key = ''): Loaded<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(read);
  latest.current = read;
  useEffect(() => {
    if (epoch === null) return;
    let live = true;
    setLoading(true);
    latest
      .current()
      .then(
        (v) => {
          if (!live) return;
          setValue(v);
          setError(null);
        },
        (err: unknown) => live && setError(err),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [epoch, key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { value, error, loading, reload };
}

/** Calls `handler` for each event of `topic` about `connection`, while mounted. */
export function useHostEvent<T extends 'network.changed' | 'network.removed' | 'storagePool.changed' | 'storagePool.removed'>(
  topic: T,
  connection: ConnectionId,
  handler: (payload: VirtEvents[T]) => void,
): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(
    () =>
      onBackendEvent(topic, (payload) => {
        if (payload.connection === connection) latest.current(payload);
      }),
    [topic, connection],
  );
}
