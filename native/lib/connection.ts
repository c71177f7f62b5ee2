import {
  native,
  type ConnectHandle,
  type Credential,
  type DomainHandle,
  type NodeInfo,
  type RawStatsBatch,
  type TypedParams,
} from './binding.js';
import { ConnectFlags } from './constants.js';
import { Domain } from './domain.js';
import { Interface, NodeDevice } from './devices.js';
import type {
  DomainEventId,
  DomainEventPayloads,
  NetworkEventId,
  NetworkEventPayloads,
  StoragePoolEventId,
  StoragePoolEventPayloads,
} from './events.js';
import { Network } from './network.js';
import { authRoutes, closeRoutes, eventRoutes, type AuthRoute } from './runtime.js';
import { decodeStatsBatch, uuidAt } from './stats-batch.js';
import { StoragePool, StorageVolume } from './storage.js';
import { Stream } from './stream.js';

export interface OpenOptions {
  /** Open read-only (VIR_CONNECT_RO). */
  readonly?: boolean;
  /**
   * Answers libvirt's credential requests (SASL, passwords). Called on the JS thread; may be
   * async. Return one answer per credential, or null to refuse.
   */
  auth?: (creds: Credential[]) => (string | null)[] | null | Promise<(string | null)[] | null>;
  /** Keepalive probes: on by default, every 5 s, 3 missed answers close the connection. */
  keepAlive?: { interval: number; count: number } | false;
}

/**
 * A bulk statistics record: one domain and its typed stats fields (see DomainStatsTypes).
 * `uuid` is there at once; `domain` is made when first read, so a caller that only needs
 * identity and numbers (a stats sampler) pays nothing per domain for handles.
 */
export class DomainStatsRecord {
  #domain: Domain | undefined;
  #uuid: string | undefined;

  /** @internal */
  constructor(
    private readonly conn: Connection,
    private readonly batch: RawStatsBatch,
    private readonly index: number,
    readonly stats: TypedParams,
  ) {}

  /** The domain's UUID, without a round trip. */
  get uuid(): string {
    this.#uuid ??= uuidAt(this.batch.uuids, this.index * 16);
    return this.#uuid;
  }

  get domain(): Domain {
    this.#domain ??= new Domain(this.conn, native.statsBatchDomain(this.batch.domains, this.index));
    return this.#domain;
  }
}

export type CloseCallback = (conn: Connection, reason: number) => void;

/**
 * Opens a connection to a hypervisor through libvirt (virConnectOpenAuth). Calls on it run
 * on threads of its own, so a host that stops answering delays nothing else.
 */
export async function open(uri: string | null = null, options: OpenOptions = {}): Promise<Connection> {
  if (uri !== null && typeof uri !== 'string') throw new TypeError("argument 'uri' must be a string or null");
  const ka = options.keepAlive === false ? { interval: -1, count: 0 } : (options.keepAlive ?? { interval: 5, count: 3 });
  const flags = options.readonly ? ConnectFlags.RO : 0;
  const { key, promise } = native.connectOpen(uri, flags, options.auth !== undefined, ka.interval, ka.count);
  if (options.auth) authRoutes.set(key, options.auth as AuthRoute);
  try {
    return new Connection(await promise, key);
  } finally {
    authRoutes.delete(key);
  }
}

/** A libvirt connection (virConnectPtr); method names follow libvirt-python's. */
export class Connection {
  readonly #closeCallbacks = new Set<CloseCallback>();
  readonly #eventKeys = new Map<number, number>(); // callbackID -> route key

  /** @internal */
  constructor(
    readonly handle: ConnectHandle,
    readonly key: number,
  ) {
    closeRoutes.set(key, (reason) => {
      for (const cb of this.#closeCallbacks) cb(this, reason);
    });
  }

  /** Closes the connection: its event registrations, streams and objects are released. */
  async close(): Promise<number> {
    closeRoutes.delete(this.key);
    for (const key of this.#eventKeys.values()) eventRoutes.delete(key);
    this.#eventKeys.clear();
    return native.connectClose(this.handle);
  }

  isAlive(): Promise<boolean> {
    return native.connectIsAlive(this.handle);
  }
  getURI(): Promise<string> {
    return native.connectGetURI(this.handle);
  }
  getHostname(): Promise<string> {
    return native.connectGetHostname(this.handle);
  }
  getSysinfo(): Promise<string> {
    return native.connectGetSysinfo(this.handle);
  }
  getType(): Promise<string> {
    return native.connectGetType(this.handle);
  }
  /** libvirt's version on the host, as major * 1,000,000 + minor * 1,000 + release. */
  getLibVersion(): Promise<number> {
    return native.connectGetLibVersion(this.handle);
  }
  /** The hypervisor's version, encoded as getLibVersion's. */
  getVersion(): Promise<number> {
    return native.connectGetVersion(this.handle);
  }
  getCapabilities(): Promise<string> {
    return native.connectGetCapabilities(this.handle);
  }
  getDomainCapabilities(
    emulatorbin: string | null = null,
    arch: string | null = null,
    machine: string | null = null,
    virttype: string | null = null,
    flags = 0,
  ): Promise<string> {
    return native.connectGetDomainCapabilities(this.handle, emulatorbin, arch, machine, virttype, flags);
  }
  getInfo(): Promise<NodeInfo> {
    return native.nodeGetInfo(this.handle);
  }
  /** Host CPU time counters in ns (kernel, user, idle, iowait); cpuNum -1 for all CPUs. */
  getCPUStats(cpuNum = -1, flags = 0): Promise<Record<string, bigint>> {
    return native.nodeGetCPUStats(this.handle, cpuNum, flags);
  }
  /** Host memory in KiB (total, free, buffers, cached); cellNum -1 for all cells. */
  getMemoryStats(cellNum = -1, flags = 0): Promise<Record<string, bigint>> {
    return native.nodeGetMemoryStats(this.handle, cellNum, flags);
  }
  /** Free host memory in bytes. */
  getFreeMemory(): Promise<bigint> {
    return native.nodeGetFreeMemory(this.handle);
  }
  /** Which host CPUs are online. */
  getCPUMap(): Promise<{ cpus: boolean[]; online: number }> {
    return native.nodeGetCPUMap(this.handle);
  }
  getMaxVcpus(type: string | null = null): Promise<number> {
    return native.connectGetMaxVcpus(this.handle, type);
  }
  setKeepAlive(interval: number, count: number): Promise<number> {
    return native.connectSetKeepAlive(this.handle, interval, count);
  }
  /** An empty round trip through this connection's thread: measures the binding's own cost. */
  async nullCall(): Promise<void> {
    await native.nullCall(this.handle);
  }

  async listAllDomains(flags = 0): Promise<Domain[]> {
    return this.#domains(await native.connectListAllDomains(this.handle, flags));
  }
  async lookupByName(name: string): Promise<Domain> {
    return new Domain(this, await native.domainLookupByName(this.handle, name));
  }
  async lookupByUUIDString(uuid: string): Promise<Domain> {
    return new Domain(this, await native.domainLookupByUUIDString(this.handle, uuid));
  }
  async lookupByID(id: number): Promise<Domain> {
    return new Domain(this, await native.domainLookupByID(this.handle, id));
  }
  /** Defines a persistent domain; flags may include DomainDefineFlags.VALIDATE. */
  async defineXML(xml: string, flags = 0): Promise<Domain> {
    return new Domain(this, await native.domainDefineXML(this.handle, xml, flags));
  }
  /** Starts a transient domain. */
  async createXML(xml: string, flags = 0): Promise<Domain> {
    return new Domain(this, await native.domainCreateXML(this.handle, xml, flags));
  }

  /** One bulk call for every domain (virConnectGetAllDomainStats): stats is DomainStatsTypes bits. */
  async getAllDomainStats(stats = 0, flags = 0): Promise<DomainStatsRecord[]> {
    return this.#records(await native.connectGetAllDomainStats(this.handle, stats, flags));
  }
  /** Bulk stats for the given domains only (virDomainListGetStats). */
  async domainListGetStats(doms: readonly Domain[], stats = 0, flags = 0): Promise<DomainStatsRecord[]> {
    if (!Array.isArray(doms) || doms.some((d) => !(d instanceof Domain))) {
      throw new TypeError("argument 'doms' must be an array of Domain");
    }
    return this.#records(
      await native.domainListGetStats(
        this.handle,
        doms.map((d) => d.handle),
        stats,
        flags,
      ),
    );
  }

  async listAllNetworks(flags = 0): Promise<Network[]> {
    return (await native.connectListAllNetworks(this.handle, flags)).map((h) => new Network(this, h));
  }
  async networkLookupByName(name: string): Promise<Network> {
    return new Network(this, await native.networkLookupByName(this.handle, name));
  }
  async networkLookupByUUIDString(uuid: string): Promise<Network> {
    return new Network(this, await native.networkLookupByUUIDString(this.handle, uuid));
  }
  async networkDefineXML(xml: string, flags = 0): Promise<Network> {
    return new Network(this, await native.networkDefineXML(this.handle, xml, flags));
  }
  async networkCreateXML(xml: string, flags = 0): Promise<Network> {
    return new Network(this, await native.networkCreateXML(this.handle, xml, flags));
  }

  async listAllStoragePools(flags = 0): Promise<StoragePool[]> {
    return (await native.connectListAllStoragePools(this.handle, flags)).map((h) => new StoragePool(this, h));
  }
  async storagePoolLookupByName(name: string): Promise<StoragePool> {
    return new StoragePool(this, await native.storagePoolLookupByName(this.handle, name));
  }
  async storagePoolLookupByUUIDString(uuid: string): Promise<StoragePool> {
    return new StoragePool(this, await native.storagePoolLookupByUUIDString(this.handle, uuid));
  }
  async storagePoolDefineXML(xml: string, flags = 0): Promise<StoragePool> {
    return new StoragePool(this, await native.storagePoolDefineXML(this.handle, xml, flags));
  }
  async storageVolLookupByPath(path: string): Promise<StorageVolume> {
    return new StorageVolume(this, await native.storageVolLookupByPath(this.handle, path));
  }

  async listAllNodeDevices(flags = 0): Promise<NodeDevice[]> {
    return (await native.connectListAllNodeDevices(this.handle, flags)).map((h) => new NodeDevice(this, h));
  }
  async listAllInterfaces(flags = 0): Promise<Interface[]> {
    return (await native.connectListAllInterfaces(this.handle, flags)).map((h) => new Interface(this, h));
  }

  /** A new non-blocking stream (virStreamNew), to hand to upload, download, screenshot or openConsole. */
  async newStream(flags = 0): Promise<Stream> {
    return new Stream(this, await native.connectNewStream(this.handle, flags));
  }

  /** Calls cb with the reason (ConnectCloseReason) when libvirt closes the connection: EOF, keepalive, error. */
  async registerCloseCallback(cb: CloseCallback): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    this.#closeCallbacks.add(cb);
    return 0;
  }
  async unregisterCloseCallback(cb: CloseCallback): Promise<number> {
    this.#closeCallbacks.delete(cb);
    return 0;
  }

  /**
   * Registers cb for a domain event (DomainEventID), for one domain or all (dom = null).
   * Resolves to the callback ID that domainEventDeregisterAny takes.
   */
  async domainEventRegisterAny<E extends DomainEventId>(
    dom: Domain | null,
    eventID: E,
    cb: (dom: Domain, event: DomainEventPayloads[E]) => void,
  ): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    const { key, promise } = native.domainEventRegisterAny(this.handle, dom ? dom.handle : null, eventID);
    eventRoutes.set(key, (h, payload) => cb(new Domain(this, h as DomainHandle), payload as unknown as DomainEventPayloads[E]));
    return this.#track(key, promise);
  }
  domainEventDeregisterAny(callbackID: number): Promise<number> {
    return this.#untrack(callbackID, native.domainEventDeregisterAny(this.handle, callbackID));
  }

  async networkEventRegisterAny<E extends NetworkEventId>(
    net: Network | null,
    eventID: E,
    cb: (net: Network, event: NetworkEventPayloads[E]) => void,
  ): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    const { key, promise } = native.networkEventRegisterAny(this.handle, net ? net.handle : null, eventID);
    eventRoutes.set(key, (h, payload) =>
      cb(new Network(this, h as Network['handle']), payload as unknown as NetworkEventPayloads[E]),
    );
    return this.#track(key, promise);
  }
  networkEventDeregisterAny(callbackID: number): Promise<number> {
    return this.#untrack(callbackID, native.networkEventDeregisterAny(this.handle, callbackID));
  }

  async storagePoolEventRegisterAny<E extends StoragePoolEventId>(
    pool: StoragePool | null,
    eventID: E,
    cb: (pool: StoragePool, event: StoragePoolEventPayloads[E]) => void,
  ): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    const { key, promise } = native.storagePoolEventRegisterAny(this.handle, pool ? pool.handle : null, eventID);
    eventRoutes.set(key, (h, payload) =>
      cb(new StoragePool(this, h as StoragePool['handle']), payload as unknown as StoragePoolEventPayloads[E]),
    );
    return this.#track(key, promise);
  }
  storagePoolEventDeregisterAny(callbackID: number): Promise<number> {
    return this.#untrack(callbackID, native.storagePoolEventDeregisterAny(this.handle, callbackID));
  }

  async #track(key: number, promise: Promise<number>): Promise<number> {
    try {
      const id = await promise;
      this.#eventKeys.set(id, key);
      return id;
    } catch (err) {
      eventRoutes.delete(key);
      throw err;
    }
  }

  async #untrack(callbackID: number, promise: Promise<number>): Promise<number> {
    const rc = await promise;
    const key = this.#eventKeys.get(callbackID);
    if (key !== undefined) eventRoutes.delete(key);
    this.#eventKeys.delete(callbackID);
    return rc;
  }

  #records(batch: RawStatsBatch): DomainStatsRecord[] {
    return decodeStatsBatch(batch).map((stats, i) => new DomainStatsRecord(this, batch, i, stats));
  }

  #domains(handles: DomainHandle[]): Domain[] {
    return handles.map((h) => new Domain(this, h));
  }
}
