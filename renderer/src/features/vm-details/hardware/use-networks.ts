// The host's virtual networks, bridges and macvtap devices, for a NIC's source; read once per
// editor (an empty list when they cannot be read: the fields then take a name typed in).
import { useEffect, useState } from 'react';
import type { ConnectionId } from '../../../../../electron/common/api/connections.js';
import type { NetworkSummary } from '../../../../../electron/common/api/networks.js';
import { api } from '../../../store/store.js';

export function useNetworks(connection: ConnectionId): NetworkSummary[] {
  const [networks, setNetworks] = useState<NetworkSummary[]>([]);
  useEffect(() => {
    let live = true;
    api()
      .networks.list({ connection })
      .then((n) => live && setNetworks(n))
      .catch(() => live && setNetworks([]));
    return () => {
      live = false;
    };
  }, [connection]);
  return networks;
}
