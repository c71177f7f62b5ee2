import { native, type ConnectHandle, type Credential, type DomainHandle, type NodeInfo, type RawStatsBatch, type TypedParams } from './binding.js';
import { ConnectFlags } from './constants.js';
import { Domain } from './domain.js';
import { Interface, NodeDevice } from './devices.js';
import type { DomainEventId, DomainEventPayloads, NetworkEventId, NetworkEventPayloads, StoragePoolEventId, StoragePoolEventPayloads } from './events.js';
import { Network } from './network.js';
import { authRoutes, closeRoutes, eventRoutes } from './runtime.js';
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
  if (options.auth) authRoutes.set(key, options.auth);
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
  getDomainCapabilities(emulatorbin: string | null = null, arch: string | null = null, machine: string | null = null, virttype: string | null = null, flags = 0): Promise<string> {
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
  /**
   * The CPU model names libvirt knows for arch (e.g. "x86_64"), for a domain's
   * `<cpu><model>`. Empty where the hypervisor accepts any model (libvirt's answer for some
   * architectures). Which of them this host can run is in getDomainCapabilities.
   */
  getCPUModelNames(arch: string, flags = 0): Promise<string[]> {
    return native.connectGetCPUModelNames(this.handle, arch, flags);
  }
  setKeepAlive(interval: number, count: number): Promise<number> {
    return native.connectSetKeepAlive(this.handle, interval, count);
  }
  /** An empty round trip through this connection's thread: measures the binding's own cost. */
  async nullCall(): Promise<void> {
    await native.nullCall(this.handle);
  }

  listAllDomains(flags = 0): Promise<Domain[]> {
    return native.connectListAllDomains(this.handle, flags).then((hs) => hs.map((h) => new Domain(this, h)));
  }
  lookupByName(name: string): Promise<Domain> {
    return native.domainLookupByName(this.handle, name).then((h) => new Domain(this, h));
  }
  lookupByUUIDString(uuid: string): Promise<Domain> {
    return native.domainLookupByUUIDString(this.handle, uuid).then((h) => new Domain(this, h));
  }
  lookupByID(id: number): Promise<Domain> {
    return native.domainLookupByID(this.handle, id).then((h) => new Domain(this, h));
  }
  /** Defines a persistent domain; flags may include DomainDefineFlags.VALIDATE. */
  defineXML(xml: string, flags = 0): Promise<Domain> {
    return native.domainDefineXML(this.handle, xml, flags).then((h) => new Domain(this, h));
  }
  /** Starts a transient domain. */
  createXML(xml: string, flags = 0): Promise<Domain> {
    return native.domainCreateXML(this.handle, xml, flags).then((h) => new Domain(this, h));
  }

  /** One bulk call for every domain (virConnectGetAllDomainStats): stats is DomainStatsTypes bits. */
  getAllDomainStats(stats = 0, flags = 0): Promise<DomainStatsRecord[]> {
    return native.connectGetAllDomainStats(this.handle, stats, flags).then((b) => this.#records(b));
  }
  /** Bulk stats for the given domains only (virDomainListGetStats). */
  domainListGetStats(doms: readonly Domain[], stats = 0, flags = 0): Promise<DomainStatsRecord[]> {
    if (!Array.isArray(doms) || doms.some((d) => !(d instanceof Domain))) {
      throw new TypeError("argument 'doms' must be an array of Domain");
    }
    return native
      .domainListGetStats(
        this.handle,
        doms.map((d: Domain) => d.handle),
        stats,
        flags,
      )
      .then((b) => this.#records(b));
  }

  listAllNetworks(flags = 0): Promise<Network[]> {
    return native.connectListAllNetworks(this.handle, flags).then((hs) => hs.map((h) => new Network(this, h)));
  }
  networkLookupByName(name: string): Promise<Network> {
    return native.networkLookupByName(this.handle, name).then((h) => new Network(this, h));
  }
  networkLookupByUUIDString(uuid: string): Promise<Network> {
    return native.networkLookupByUUIDString(this.handle, uuid).then((h) => new Network(this, h));
  }
  networkDefineXML(xml: string, flags = 0): Promise<Network> {
    return native.networkDefineXML(this.handle, xml, flags).then((h) => new Network(this, h));
  }
  networkCreateXML(xml: string, flags = 0): Promise<Network> {
    return native.networkCreateXML(this.handle, xml, flags).then((h) => new Network(this, h));
  }

  listAllStoragePools(flags = 0): Promise<StoragePool[]> {
    return native.connectListAllStoragePools(this.handle, flags).then((hs) => hs.map((h) => new StoragePool(this, h)));
  }
  storagePoolLookupByName(name: string): Promise<StoragePool> {
    return native.storagePoolLookupByName(this.handle, name).then((h) => new StoragePool(this, h));
  }
  storagePoolLookupByUUIDString(uuid: string): Promise<StoragePool> {
    return native.storagePoolLookupByUUIDString(this.handle, uuid).then((h) => new StoragePool(this, h));
  }
  storagePoolDefineXML(xml: string, flags = 0): Promise<StoragePool> {
    return native.storagePoolDefineXML(this.handle, xml, flags).then((h) => new StoragePool(this, h));
  }
  storageVolLookupByPath(path: string): Promise<StorageVolume> {
    return native.storageVolLookupByPath(this.handle, path).then((h) => new StorageVolume(this, h));
  }

  /** Host devices; flags ConnectListAllNodeDeviceFlags narrow them by kind (CAP_PCI_DEV, CAP_USB_DEV, ...). */
  listAllNodeDevices(flags = 0): Promise<NodeDevice[]> {
    return native.connectListAllNodeDevices(this.handle, flags).then((hs) => hs.map((h) => new NodeDevice(this, h)));
  }
  /** A host device by its libvirt name, e.g. "pci_0000_00_1f_2" or "usb_1_2" (as listAllNodeDevices names them). */
  nodeDeviceLookupByName(name: string): Promise<NodeDevice> {
    return native.nodeDeviceLookupByName(this.handle, name).then((h) => new NodeDevice(this, h));
  }
  listAllInterfaces(flags = 0): Promise<Interface[]> {
    return native.connectListAllInterfaces(this.handle, flags).then((hs) => hs.map((h) => new Interface(this, h)));
  }

  /** A new non-blocking stream (virStreamNew), to hand to upload, download, screenshot or openConsole. */
  newStream(flags = 0): Promise<Stream> {
    return native.connectNewStream(this.handle, flags).then((h) => new Stream(this, h));
  }

  /** Calls cb with the reason (ConnectCloseReason) when libvirt closes the connection: EOF, keepalive, error. */
  registerCloseCallback(cb: CloseCallback): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    this.#closeCallbacks.add(cb);
    return Promise.resolve(0);
  }
  unregisterCloseCallback(cb: CloseCallback): Promise<number> {
    this.#closeCallbacks.delete(cb);
    return Promise.resolve(0);
  }

  /**
   * Registers cb for a domain event (DomainEventID), for one domain or all (dom = null).
   * Resolves to the callback ID that domainEventDeregisterAny takes.
   */
  domainEventRegisterAny<E extends DomainEventId>(dom: Domain | null, eventID: E, cb: (dom: Domain, event: DomainEventPayloads[E]) => void): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    const { key, promise } = native.domainEventRegisterAny(this.handle, dom ? dom.handle : null, eventID);
    eventRoutes.set(key, (h, payload) => cb(new Domain(this, h as DomainHandle), payload as unknown as DomainEventPayloads[E]));
    return this.#track(key, promise);
  }
  domainEventDeregisterAny(callbackID: number): Promise<number> {
    return this.#untrack(callbackID, native.domainEventDeregisterAny(this.handle, callbackID));
  }

  networkEventRegisterAny<E extends NetworkEventId>(net: Network | null, eventID: E, cb: (net: Network, event: NetworkEventPayloads[E]) => void): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    const { key, promise } = native.networkEventRegisterAny(this.handle, net ? net.handle : null, eventID);
    eventRoutes.set(key, (h, payload) => cb(new Network(this, h as Network['handle']), payload as unknown as NetworkEventPayloads[E]));
    return this.#track(key, promise);
  }
  networkEventDeregisterAny(callbackID: number): Promise<number> {
    return this.#untrack(callbackID, native.networkEventDeregisterAny(this.handle, callbackID));
  }

  storagePoolEventRegisterAny<E extends StoragePoolEventId>(
    pool: StoragePool | null,
    eventID: E,
    cb: (pool: StoragePool, event: StoragePoolEventPayloads[E]) => void,
  ): Promise<number> {
    if (typeof cb !== 'function') throw new TypeError("argument 'cb' must be a function");
    const { key, promise } = native.storagePoolEventRegisterAny(this.handle, pool ? pool.handle : null, eventID);
    eventRoutes.set(key, (h, payload) => cb(new StoragePool(this, h as StoragePool['handle']), payload as unknown as StoragePoolEventPayloads[E]));
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
}
