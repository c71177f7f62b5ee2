// Which console the shell shows: the graphical display or the text console. A VM without
// VNC or SPICE opens on its text console; the user can switch either way.
import { useEffect, useState } from 'react';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { api } from '../../store/store.js';

export type ConsoleMode = 'graphics' | 'serial';

/** null until the VM's devices are known. */
export function useConsoleMode(target: DomainRef): [ConsoleMode | null, (mode: ConsoleMode) => void] {
  const [mode, setMode] = useState<ConsoleMode | null>(null);
  useEffect(() => {
    let cancelled = false;
    api()
      .domains.details({ ref: target })
      .then((d) => {
        if (!cancelled) setMode((m) => m ?? (d.graphics.some((g) => g.type === 'vnc' || g.type === 'spice') ? 'graphics' : 'serial'));
      })
      // The graphical shell says in words what is wrong (host down, VM gone).
      .catch(() => {
        if (!cancelled) setMode((m) => m ?? 'graphics');
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- target is a new object each render: its fields are the dependencies
  }, [target.connection, target.uuid]);
  return [mode, setMode];
}
