// The `networks` namespace: the host's virtual networks, bridges and macvtap-capable NICs, and
// the network.changed/removed events (libvirt's network events, else polling).
import * as libvirt from 'virtdeck/native';
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { DhcpHostSpec, NetworkDetails, NetworkSpec, NetworkSummary, networksApi } from '../../common/api/networks.js';
import type { NetworkRef } from '../../common/api/refs.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { uriFacts } from '../connections/uri-facts.js';
import { addDhcpHost, createNetwork, deleteNetwork, networkDetails, removeDhcpHost, setDhcpRange, updateNetwork } from './network-admin.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listNetworks, listVirtualNetworks, networkSummary } from '../create/storage.js';
import { ObjectWatcher, type WatchedKind } from '../objects/object-watcher.js';
import type { WatchOptions } from '../objects/watch-options.js';
import { isNotFound, ObjectRegistry } from '../objects/registry.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;
type Row = VirtEvents['network.changed']['network'];

const networks: WatchedKind<Row> = {
  what: 'networks',
  list: listVirtualNetworks,
  uuidOf: (row) => row.uuid,
  async subscribe(conn, touched) {
    await conn.networkEventRegisterAny(null, libvirt.NetworkEventID.LIFECYCLE, (net) => {
      void net.UUIDString().then((uuid) => touched(uuid, () => networkSummary(net)));
    });
  },
  isGone: isNotFound,
};

export class NetworkService implements NamespaceImpl<typeof networksApi> {
  readonly #objects: ObjectRegistry;

  constructor(
    private readonly connections: ConnectionManager,
    emit?: Emit,
    options: WatchOptions = {},
  ) {
    this.#objects = new ObjectRegistry(connections);
    if (emit) {
      new ObjectWatcher(
        connections,
        networks,
        {
          changed: (connection, network) => emit('network.changed', { connection, network }),
          removed: (connection, uuid) => emit('network.removed', { connection, uuid }),
        },
        options,
      );
    }
  }

  list({ connection }: { connection: ConnectionId }): Promise<NetworkSummary[]> {
    return listNetworks(this.connections.connection(connection));
  }

  async details({ ref }: { ref: NetworkRef }): Promise<NetworkDetails> {
    return networkDetails(this.connections.connection(ref.connection), ref.connection, await this.#objects.network(ref));
  }

  async create(spec: NetworkSpec): Promise<{ ref: NetworkRef }> {
    const { remote } = uriFacts(this.connections.get(spec.connection).spec.uri);
    const uuid = await createNetwork(this.#writable(spec.connection), spec, !remote);
    return { ref: { connection: spec.connection, uuid } };
  }

  async start({ ref }: { ref: NetworkRef }): Promise<void> {
    this.#writable(ref.connection);
    await (await this.#objects.network(ref)).create();
  }

  async stop({ ref }: { ref: NetworkRef }): Promise<void> {
    this.#writable(ref.connection);
    await (await this.#objects.network(ref)).destroy();
  }

  async setAutostart({ ref, autostart }: { ref: NetworkRef; autostart: boolean }): Promise<void> {
    this.#writable(ref.connection);
    await (await this.#objects.network(ref)).setAutostart(autostart);
  }

  async delete({ ref, force }: { ref: NetworkRef; force?: boolean | undefined }): Promise<void> {
    await deleteNetwork(this.#writable(ref.connection), await this.#objects.network(ref), force === true);
  }

  async addDhcpHost({ ref, family, host }: { ref: NetworkRef; family?: 'ipv4' | 'ipv6' | undefined; host: DhcpHostSpec }): Promise<{ effect: 'now' | 'definition' }> {
    this.#writable(ref.connection);
    return addDhcpHost(await this.#objects.network(ref), family, host);
  }

  async removeDhcpHost({ ref, mac }: { ref: NetworkRef; mac: string }): Promise<{ effect: 'now' | 'definition' }> {
    this.#writable(ref.connection);
    return removeDhcpHost(await this.#objects.network(ref), mac);
  }

  async setDhcpRange({
    ref,
    family,
    start,
    end,
  }: {
    ref: NetworkRef;
    family?: 'ipv4' | 'ipv6' | undefined;
    start: string;
    end: string;
  }): Promise<{ effect: 'now' | 'definition' }> {
    this.#writable(ref.connection);
    return setDhcpRange(await this.#objects.network(ref), family, start, end);
  }

  async update({ ref, set }: { ref: NetworkRef; set: Parameters<typeof updateNetwork>[2] }): Promise<{ effect: 'next-start' | 'definition'; diff: string }> {
    return updateNetwork(this.#writable(ref.connection), await this.#objects.network(ref), set);
  }

  /** The open connection, for a change: refused up front on a read-only one. */
  #writable(connection: ConnectionId): libvirt.Connection {
    const { spec } = this.connections.get(connection);
    if (spec.readonly) throw new ApiError('operation-failed', msg('connection.readOnly', { name: spec.label ?? spec.uri }));
    return this.connections.connection(connection);
  }
}
