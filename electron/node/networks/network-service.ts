// The `networks` namespace: the host's virtual networks, bridges and macvtap-capable NICs.
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { NetworkSummary, networksApi } from '../../common/api/networks.js';
import type { ConnectionManager } from '../connections/manager.js';
import { listNetworks } from '../create/storage.js';

export class NetworkService implements NamespaceImpl<typeof networksApi> {
  constructor(private readonly connections: ConnectionManager) {}

  list({ connection }: { connection: ConnectionId }): Promise<NetworkSummary[]> {
    return listNetworks(this.connections.connection(connection));
  }
}
