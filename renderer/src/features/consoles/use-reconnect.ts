// A console whose connection drops while its VM still runs and its host is reachable tries
// again by itself, backing off, so a guest reboot or a blip on the link needs no click. A
// display that refused us (a wrong password, a security failure) is not retried.
import { useEffect, useRef, useState } from 'react';
import type { ShellStatus } from './ConsoleView.js';

const DELAYS_MS = [500, 1000, 2000, 4000, 8000];

export function useReconnect(status: ShellStatus, canConnect: boolean, reconnect: () => void): boolean {
  const tries = useRef(0);
  const [waiting, setWaiting] = useState(false);
  const dropped = status.kind === 'closed' && status.message === undefined;
  useEffect(() => {
    if (status.kind === 'connected') tries.current = 0;
    if (!dropped || !canConnect) {
      setWaiting(false);
      return;
    }
    setWaiting(true);
    const delay = DELAYS_MS[Math.min(tries.current, DELAYS_MS.length - 1)]!;
    tries.current += 1;
    const timer = setTimeout(reconnect, delay);
    return () => clearTimeout(timer);
  }, [status, canConnect, dropped, reconnect]);
  return waiting && dropped;
}
