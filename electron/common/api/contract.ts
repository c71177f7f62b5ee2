// The one API between the UI and the backend, by libvirt object: one namespace per object kind,
// each written once in its own file (zod params, result type, JSDoc) and gathered here.
// Implemented once (electron/node), reached over Electron IPC or the browser-mode WebSocket.
// Every method takes one plain-data argument and resolves to plain data; failures reject with
// ApiError. The server validates each call against `api`'s schemas and walks nothing else.
import { z } from 'zod';
import type { ClientOf, Methods, NamespaceImpl } from './define.js';
import { connectionInfo, connectionsApi } from './connections.js';
import { consolesApi } from './consoles.js';
import { domainDevicesApi } from './domain-devices.js';
import { domainsApi, domainSummary } from './domains.js';
import { hostsApi } from './hosts.js';
import { jobEvents, jobsApi } from './jobs.js';
import { networkChanged, networksApi } from './networks.js';
import { osinfoApi } from './osinfo.js';
import { preferences, preferencesApi } from './preferences.js';
import { connectionId, domainRef, networkRef, poolRef } from './refs.js';
import { snapshotChanged, snapshotsApi } from './snapshots.js';
import { statsApi, statsFailing, statsTick } from './stats.js';
import { poolChanged, storagePoolsApi } from './storage-pools.js';
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

/** Events from the backend, named in the past tense, with their payloads' schemas. */
export const virtEvents = {
  ...jobEvents,
  'connection.stateChanged': connectionInfo,
  'connection.removed': z.strictObject({ id: connectionId }),
  /** The user's order of the connections changed (in any window). */
  'connections.reordered': z.strictObject({ ids: z.array(connectionId) }),
  'domain.changed': domainSummary,
  'domain.removed': domainRef,
  /** A virtual network was defined, started, stopped or changed. */
  'network.changed': networkChanged,
  'network.removed': networkRef,
  /** A storage pool was defined, started, stopped, refreshed or changed. */
  'storagePool.changed': poolChanged,
  'storagePool.removed': poolRef,
  /** A VM's snapshots changed: taken, edited, reverted to or deleted. */
  'snapshot.changed': snapshotChanged,
  /** Per watched host and tick. */
  'stats.tick': statsTick,
  /** Sampling a host started failing (message) or works again (null); said once, not per tick. */
  'stats.failing': statsFailing,
  'preferences.changed': preferences,
} as const satisfies Record<string, z.ZodType>;

export type EventTopic = keyof typeof virtEvents;

/** The events as the UI receives them: `VirtEvents['domain.changed']` is a DomainSummary. */
export type VirtEvents = { [T in EventTopic]: z.infer<(typeof virtEvents)[T]> };
