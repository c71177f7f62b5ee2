// The one API between the UI and the backend, by libvirt object: one namespace per object kind,
// each written once in its own file (zod params, result type, JSDoc) and gathered here.
// Implemented once (electron/node), reached over Electron IPC or the browser-mode WebSocket.
// Every method takes one plain-data argument and resolves to plain data; failures reject with
// ApiError. The server validates each call against `api`'s schemas and walks nothing else.
import type { ClientOf, Methods, NamespaceImpl } from './define.js';
import { connectionsApi, type ConnectionId, type ConnectionInfo } from './connections.js';
import { consolesApi } from './consoles.js';
import { domainDevicesApi } from './domain-devices.js';
import { domainsApi, type DomainRef, type DomainSummary } from './domains.js';
import { hostsApi } from './hosts.js';
import { jobsApi, type JobEvents } from './jobs.js';
import { networksApi, type NetworkChanged } from './networks.js';
import { osinfoApi } from './osinfo.js';
import { preferencesApi, type Preferences } from './preferences.js';
import type { NetworkRef, PoolRef } from './refs.js';
import { snapshotsApi, type SnapshotChanged } from './snapshots.js';
import { statsApi, type StatsTick } from './stats.js';
import { storagePoolsApi, type PoolChanged } from './storage-pools.js';
import { storageVolumesApi } from './storage-volumes.js';
import { vmCreateApi } from './vm-create.js';

/** Every namespace's schemas: the tree the server walks (own properties only). */
export const api = {
  connections: connectionsApi,
  hosts: hostsApi,
  domains: domainsApi,
  domainDevices: domainDevicesApi,
  networks: networksApi,
  storagePools: storagePoolsApi,
  storageVolumes: storageVolumesApi,
  snapshots: snapshotsApi,
  consoles: consolesApi,
  stats: statsApi,
  preferences: preferencesApi,
  osinfo: osinfoApi,
  vmCreate: vmCreateApi,
  jobs: jobsApi,
} as const satisfies Record<string, Methods>;

export type ApiSchema = typeof api;
export type Namespace = keyof ApiSchema;

/** The API as the UI calls it: `api.domains.start({ ref })`. */
export type VirtApi = { [N in Namespace]: ClientOf<ApiSchema[N]> };

/** What the backend implements: one service object per namespace. */
export type VirtImpl = { [N in Namespace]: NamespaceImpl<ApiSchema[N]> };

/** Events from the backend, named in the past tense (the jobs' own are in jobs.ts). */
export interface VirtEvents extends JobEvents {
  'connection.stateChanged': ConnectionInfo;
  'connection.removed': { id: ConnectionId };
  /** The user's order of the connections changed (in any window). */
  'connections.reordered': { ids: ConnectionId[] };
  'domain.changed': DomainSummary;
  'domain.removed': DomainRef;
  /** A virtual network was defined, started, stopped or changed. */
  'network.changed': NetworkChanged;
  'network.removed': NetworkRef;
  /** A storage pool was defined, started, stopped, refreshed or changed. */
  'storagePool.changed': PoolChanged;
  'storagePool.removed': PoolRef;
  /** A VM's snapshot was taken, changed or deleted. */
  'snapshot.changed': SnapshotChanged;
  /** Per watched host and tick. */
  'stats.tick': StatsTick;
  /** Sampling a host started failing (message) or works again (null); said once, not per tick. */
  'stats.failing': { connection: ConnectionId; message: string | null };
  'preferences.changed': Preferences;
}
