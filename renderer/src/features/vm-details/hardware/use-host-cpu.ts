// The host's CPU modes and models for a VM's arch, machine and virt type, and its nested
// virtualization switch (hosts.cpu). Host facts: read once per connection and VM kind in a
// session, so moving between the list's items does not read them again.
import { useEffect, useState } from 'react';
import type { HostCpu } from '../../../../../electron/common/api/hosts.js';
import { api } from '../../../store/store.js';
import type { EditorContext } from './editor-context.js';
import { text } from './props.js';

const cache = new Map<string, Promise<HostCpu>>();

/** null while it is read, or when it cannot be (the editor then offers every mode and a typed model). */
export function useHostCpu(ctx: EditorContext): HostCpu | null {
  const connection = ctx.target.connection;
  const arch = text(ctx.hw.domain, 'osArch');
  const machine = text(ctx.hw.domain, 'osMachine');
  const type = text(ctx.hw.domain, 'type');
  const virtType = type === 'kvm' || type === 'qemu' ? type : undefined;
  const [cpu, setCpu] = useState<HostCpu | null>(null);
  useEffect(() => {
    const key = [connection, arch, machine, virtType].join('\u0000');
    let read = cache.get(key);
    if (!read) {
      read = api().hosts.cpu({ connection, ...(arch ? { arch } : {}), ...(machine ? { machine } : {}), ...(virtType ? { virtType } : {}) });
      cache.set(key, read);
      read.catch(() => cache.delete(key));
    }
    let live = true;
    read.then((c) => live && setCpu(c)).catch(() => live && setCpu(null));
    return () => {
      live = false;
    };
  }, [connection, arch, machine, virtType]);
  return cpu;
}
