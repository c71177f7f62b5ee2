// What a connection is called where the user did not name it: where it goes (user@host:port
// for a remote host, the host's own name for a local one) and which driver and instance
// (QEMU/KVM system or session), so that qemu:///system and qemu+ssh://root@127.0.0.1:2222/system
// never read the same even when both hosts call themselves "vm".
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';

const DRIVERS: Record<string, string> = { qemu: 'QEMU/KVM', test: 'Test', lxc: 'LXC', xen: 'Xen', ch: 'Cloud Hypervisor', vbox: 'VirtualBox', bhyve: 'bhyve' };

/** The default label of a connection (its URI when the URI cannot be read). */
export function defaultLabel(c: Pick<ConnectionInfo, 'spec'> & { hypervisor?: { hostname?: string } | undefined }): string {
  let url: URL;
  try {
    url = new URL(c.spec.uri);
  } catch {
    return c.spec.uri;
  }
  const scheme = url.protocol.replace(/:$/, '');
  const driver = scheme.split('+')[0] ?? scheme;
  const where = url.hostname
    ? `${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname}${url.port ? `:${url.port}` : ''}`
    : (c.hypervisor?.hostname ?? 'localhost');
  const instance = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'default';
  return `${where} · ${DRIVERS[driver] ?? driver} ${instance}`;
}

/**
 * The label shown for a connection: the user's own, else the default one. Among `all`, a label
 * two connections share gets the URI after it, so no two rows look alike.
 */
export function connectionLabel(c: ConnectionInfo, all: readonly ConnectionInfo[] = []): string {
  const own = (x: ConnectionInfo) => x.spec.label ?? defaultLabel(x);
  const label = own(c);
  return all.some((x) => x.id !== c.id && own(x) === label) ? `${label} (${c.spec.uri})` : label;
}
