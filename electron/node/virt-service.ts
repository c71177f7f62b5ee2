// The composition root of the backend: one service object per namespace of the contract, used
// by the Electron shell and by the browser-mode server alike.
import type { VirtEvents, VirtImpl } from '../common/api/contract.js';
import { consolesApi } from '../common/api/consoles.js';
import { ConnectionManager, realTimers, type ManagerOptions } from './connections/manager.js';
import { ConnectionStore } from './connections/store.js';
import { DomainService } from './domains/service.js';
import type { EventSource } from './rpc/serve.js';
import { PreferencesStore } from './preferences-store.js';
import { installAskpass } from './ssh/install-askpass.js';
import { StatsService } from './stats/stats-service.js';
import { ConsoleService } from './consoles/console-service.js';
import { CreateService } from './create/create-service.js';
import { FirstStopCleanup } from './create/first-stop-cleanup.js';
import { ConsoleTickets } from './consoles/console-tickets.js';
import { SerialConsoleService } from './consoles/serial-console-service.js';
import { ViewerService } from './consoles/viewer-service.js';
import { JobService } from './jobs/job-service.js';
import { Journal } from './jobs/journal.js';
import { JobRecovery } from './jobs/recovery.js';
import { sweepStrayFiles } from './jobs/sweep.js';
import { HostService } from './hosts/host-service.js';
import { NetworkService } from './networks/network-service.js';
import { OsinfoService } from './osinfo/osinfo-service.js';
import { implement } from './rpc/implement.js';
import { SnapshotService } from './snapshots/snapshot-service.js';
import { StoragePoolService } from './storage/storage-pool-service.js';
import { StorageVolumeService } from './storage/storage-volume-service.js';
import { Emitter } from '../common/events/emitter.js';

/** One event as the emitter carries it: its topic and the payload of that topic. */
type TopicEvent = { [T in keyof VirtEvents]: [T, VirtEvents[T]] }[keyof VirtEvents];

export interface BackendOptions extends ManagerOptions {
  configDir: string;
  /** URIs tried on first run, in order; the first that answers is added. */
  firstRun?: string[];
  pollMs?: number;
  /** How VM changes are followed: libvirt's events (default; drivers without them are polled) or polling. */
  watchMode?: 'events' | 'poll';
  /** How long a window's stats.watch lasts without renewal. */
  statsLeaseMs?: number;
  /** Route ssh's questions to the UI through our SSH_ASKPASS (default on; it sets process-wide env). */
  askpass?: boolean;
  /** Test only: job checkpoints where jobs wait forever (a test kills the process there). */
  jobHoldAt?: string[];
}

export interface Backend {
  api: VirtImpl;
  events: EventSource;
  connections: ConnectionManager;
  domains: DomainService;
  stats: StatsService;
  consoles: ConsoleService;
  serialConsoles: SerialConsoleService;
  jobs: JobService;
  /** Resolves when the unfinished jobs of every host connected so far are rolled back. */
  recovered(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const log = options.log ?? (() => {});
  // Before anything writes: temporary files of processes that died are theirs no more.
  await sweepStrayFiles(options.configDir, log).catch((err: Error) => log(`jobs: sweeping stray files failed: ${err.message}`));
  const connections = new ConnectionManager(new ConnectionStore(options.configDir, log), options);
  const events = new Emitter<TopicEvent>();
  // A topic and its payload belong together by the signature; TS cannot see that through the union.
  const emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]): void => events.emit([topic, payload] as TopicEvent);
  connections.onChange((info) => emit('connection.stateChanged', info));
  connections.onRemoved((id) => emit('connection.removed', { id }));
  connections.onReordered((ids) => emit('connections.reordered', { ids }));
  const jobs = new JobService(emit, new Journal(options.configDir), { log, ...(options.jobHoldAt ? { holdAt: options.jobHoldAt } : {}) });
  const domains = new DomainService(connections, options.timers, options.pollMs, options.watchMode, jobs);
  domains.onDomain({ changed: (s) => emit('domain.changed', s), removed: (ref) => emit('domain.removed', ref) });
  const preferences = new PreferencesStore(options.configDir, log, (next) => emit('preferences.changed', next));
  await preferences.load();
  const tickets = new ConsoleTickets(options.timers ?? realTimers);
  const consoles = new ConsoleService(connections, options.timers, { log, tickets });
  const serialConsoles = new SerialConsoleService(connections, tickets, () => consoles.socketPath, log);
  const viewers = new ViewerService(connections, log);
  const stats = new StatsService(connections, domains, () => preferences.current.statsIntervalMs, emit, options.timers, log, options.statsLeaseMs);

  const recovery = new JobRecovery(jobs, log);
  let recovering: Promise<void> = Promise.resolve();
  connections.onConnected((id, conn) => {
    recovering = recovery.connected(id, connections.get(id).spec.uri, conn);
  });
  const firstStop = new FirstStopCleanup(options.configDir, connections, log);
  domains.onDomain({ changed: (s) => firstStop.changed(s), removed: () => undefined });
  const osinfo = new OsinfoService(connections, log);
  const watch = {
    log,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.watchMode ? { watchMode: options.watchMode } : {}),
  };
  const networks = new NetworkService(connections, emit, watch);
  const storagePools = new StoragePoolService(connections, emit, watch);
  const create = new CreateService(connections, jobs, log, () => osinfo.catalog(), firstStop);

  // The composition root: each namespace is served by the service that implements it.
  const api: VirtImpl = {
    connections,
    hosts: new HostService(connections),
    domains,
    domainDevices: {},
    networks,
    storagePools,
    storageVolumes: new StorageVolumeService(connections, jobs, log),
    snapshots: new SnapshotService(connections, domains, emit, watch),
    consoles: implement(consolesApi, consoles, serialConsoles, viewers),
    stats,
    preferences,
    osinfo,
    vmCreate: create,
    jobs,
  };

  const askpass = options.askpass === false ? null : await installAskpass(connections.prompts, log);
  await connections.init(options.firstRun);
  return {
    api,
    events: {
      subscribe: (h) => events.on(([topic, payload]) => h(topic, payload)),
    },
    connections,
    domains,
    stats,
    consoles,
    serialConsoles,
    jobs,
    recovered: () => recovering,
    dispose: async () => {
      stats.dispose();
      await consoles.dispose();
      await connections.dispose();
      await askpass?.close();
    },
  };
}
