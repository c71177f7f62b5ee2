// The `hosts` namespace: what a connection's host is and offers.
import type { HostCapabilities, HostCpu, HostDevice, hostsApi } from '../../common/api/hosts.js';
import { hostCpu, hostDevices } from './host-hardware.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { VirtType } from '../../common/api/vm-create.js';
import type { ConnectionManager } from '../connections/manager.js';
import { uriFacts } from '../connections/uri-facts.js';
import { hostMemoryKiB, parseHostCaps, readDomainCaps, preferredVirtType, toCreateCapabilities } from '../create/host-capabilities.js';

export class HostService implements NamespaceImpl<typeof hostsApi> {
  constructor(private readonly connections: ConnectionManager) {}

  async capabilities(p: { connection: ConnectionId; arch?: string | undefined; machine?: string | undefined; virtType?: VirtType | undefined }): Promise<HostCapabilities> {
    const conn = this.connections.connection(p.connection);
    const [host, info] = await Promise.all([conn.getCapabilities().then(parseHostCaps), conn.getInfo()]);
    const totalKiB = await hostMemoryKiB(conn, info);
    const arch = p.arch ?? host.hostArch;
    const virtType = p.virtType ?? preferredVirtType(host.arches.find((a) => a.arch === arch));
    const dom = await readDomainCaps(conn, host, arch, p.machine ?? null, virtType);
    const facts = uriFacts(this.connections.get(p.connection).spec.uri);
    return toCreateCapabilities(host, dom, { memoryMiB: Math.floor(totalKiB / 1024), cpus: info.cpus, virtType, ...facts });
  }

  cpu(p: { connection: ConnectionId; arch?: string | undefined; machine?: string | undefined; virtType?: VirtType | undefined }): Promise<HostCpu> {
    const conn = this.connections.connection(p.connection);
    return hostCpu(conn, uriFacts(this.connections.get(p.connection).spec.uri).remote, p);
  }

  devices({ connection, kind }: { connection: ConnectionId; kind: 'pci' | 'usb' }): Promise<HostDevice[]> {
    return hostDevices(this.connections.connection(connection), kind);
  }
}
