// The `hosts` namespace: what a connection's host is and offers.
import * as libvirt from 'virtdeck/native';
import type { HostCapabilities, HostCheck, HostCpu, HostDevice, HostOverview, hostsApi } from '../../common/api/hosts.js';
import { Capabilities } from '../xml/capabilities.js';
import { probeKvm, validateHost } from './validation.js';
import { hostCpu, hostDevices } from './host-hardware.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { VirtType } from '../../common/api/vm-create.js';
import type { ConnectionManager } from '../connections/manager.js';
import { uriFacts } from '../connections/uri-facts.js';
import { hostMemoryKiB, parseHostCaps, readDomainCaps, preferredVirtType, toCreateCapabilities } from '../create/host-capabilities.js';

const version = (v: number): string => `${Math.floor(v / 1_000_000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`;

export class HostService implements NamespaceImpl<typeof hostsApi> {
  /** Hosts whose KVM a probe found unable to start guests: New VM defaults to TCG there. */
  readonly #kvmBroken = new Set<ConnectionId>();

  constructor(private readonly connections: ConnectionManager) {}

  async capabilities(p: { connection: ConnectionId; arch?: string | undefined; machine?: string | undefined; virtType?: VirtType | undefined }): Promise<HostCapabilities> {
    const conn = this.connections.connection(p.connection);
    const [host, info] = await Promise.all([conn.getCapabilities().then(parseHostCaps), conn.getInfo()]);
    const totalKiB = await hostMemoryKiB(conn, info);
    const arch = p.arch ?? host.hostArch;
    const virtType = p.virtType ?? (this.#kvmBroken.has(p.connection) ? 'qemu' : preferredVirtType(host.arches.find((a) => a.arch === arch)));
    const dom = await readDomainCaps(conn, host, arch, p.machine ?? null, virtType);
    const facts = uriFacts(this.connections.get(p.connection).spec.uri);
    return toCreateCapabilities(host, dom, { memoryMiB: Math.floor(totalKiB / 1024), cpus: info.cpus, virtType, ...facts });
  }

  cpu(p: { connection: ConnectionId; arch?: string | undefined; machine?: string | undefined; virtType?: VirtType | undefined }): Promise<HostCpu> {
    const conn = this.connections.connection(p.connection);
    return hostCpu(conn, uriFacts(this.connections.get(p.connection).spec.uri).remote, p);
  }

  devices({ connection, kind }: { connection: ConnectionId; kind: HostDevice['kind'] }): Promise<HostDevice[]> {
    return hostDevices(this.connections.connection(connection), kind);
  }

  async overview({ connection }: { connection: ConnectionId }): Promise<HostOverview> {
    const conn = this.connections.connection(connection);
    const [capsXml, info, hostname, driver, hv, lib, free, running] = await Promise.all([
      conn.getCapabilities(),
      conn.getInfo(),
      conn.getHostname(),
      conn.getType(),
      conn.getVersion(),
      conn.getLibVersion(),
      conn.getFreeMemory(),
      conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.ACTIVE),
    ]);
    const caps = Capabilities.parse(capsXml);
    const vms = await Promise.all(
      running.map((d) =>
        d
          .info()
          .then((i) => Number(i.memory))
          .catch(() => 0),
      ),
    );
    return {
      hostname,
      driver,
      hypervisorVersion: version(hv),
      libvirtVersion: version(lib),
      cpu: {
        model: caps.cpuModel ?? info.model,
        arch: caps.cpuArch ?? 'unknown',
        cpus: info.cpus,
        sockets: info.sockets * info.nodes,
        cores: info.cores,
        threads: info.threads,
        mhz: info.mhz,
      },
      memory: { totalKiB: await hostMemoryKiB(conn, info), freeKiB: Math.floor(Number(free) / 1024), vmsKiB: vms.reduce((a, b) => a + b, 0) },
      numaCells: caps.numaCells.map((c) => ({
        id: c.id ?? 0,
        ...(c.memoryBytes !== undefined ? { memoryKiB: Math.floor(c.memoryBytes / 1024) } : {}),
        cpus: [...(c.cpuIds ?? [])],
      })),
      runningVms: running.length,
    };
  }

  validate({ connection }: { connection: ConnectionId }): Promise<HostCheck[]> {
    return validateHost(this.connections.connection(connection), uriFacts(this.connections.get(connection).spec.uri).remote);
  }

  async probeKvm({ connection }: { connection: ConnectionId }): Promise<{ works: boolean; detail?: string }> {
    const result = await probeKvm(this.connections.connection(connection));
    if (result.works) this.#kvmBroken.delete(connection);
    else this.#kvmBroken.add(connection);
    return result;
  }
}
