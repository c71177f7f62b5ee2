// The `networks` namespace: the host's virtual networks, bridges and macvtap-capable NICs, and
// the network.changed/removed events (libvirt's network events, else polling).
import * as libvirt from 'virtdeck/native';
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { NetworkSummary, networksApi } from '../../common/api/networks.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listNetworks, listVirtualNetworks, networkSummary } from '../create/storage.js';
import { ObjectWatcher, type WatchedKind } from '../objects/object-watcher.js';
import type { WatchOptions } from '../objects/watch-options.js';
import { isNotFound } from '../objects/registry.js';

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
  constructor(
    private readonly connections: ConnectionManager,
    emit?: Emit,
    options: WatchOptions = {},
  ) {
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
}
