import { native, type BlockInfo, type DomainHandle, type DomainInfo, type DomainInterface, type JobInfo, type TypedParams, type TypedParamsInput } from './binding.js';
import type { Connection } from './connection.js';
import { DomainSnapshot } from './snapshot.js';
import type { Stream } from './stream.js';

/** A domain (virDomainPtr). name, UUIDString and ID are local facts: they cost no round trip. */
export class Domain {
  #ident: { name: string; uuid: string; id: number } | undefined;

  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: DomainHandle,
  ) {}

  /** The connection this domain belongs to. */
  connect(): Connection {
    return this.conn;
  }

  async name(): Promise<string> {
    return this.#identity().name;
  }
  async UUIDString(): Promise<string> {
    return this.#identity().uuid;
  }
  /** The ID it had when this object was obtained; -1 when it was not running. */
  async ID(): Promise<number> {
    return this.#identity().id;
  }

  info(): Promise<DomainInfo> {
    return native.domainInfo(this.handle);
  }
  /** virDomainState and its reason. */
  state(flags = 0): Promise<{ state: number; reason: number }> {
    return native.domainState(this.handle, flags);
  }
  XMLDesc(flags = 0): Promise<string> {
    return native.domainXMLDesc(this.handle, flags);
  }

  /** Starts the defined domain (virDomainCreateWithFlags). */
  create(flags = 0): Promise<number> {
    return native.domainCreate(this.handle, flags);
  }
  shutdown(): Promise<number> {
    return native.domainShutdown(this.handle);
  }
  shutdownFlags(flags = 0): Promise<number> {
    return native.domainShutdownFlags(this.handle, flags);
  }
  reboot(flags = 0): Promise<number> {
    return native.domainReboot(this.handle, flags);
  }
  reset(flags = 0): Promise<number> {
    return native.domainReset(this.handle, flags);
  }
  /** Stops the domain at once (virDomainDestroyFlags). */
  destroy(flags = 0): Promise<number> {
    return native.domainDestroy(this.handle, flags);
  }
  suspend(): Promise<number> {
    return native.domainSuspend(this.handle);
  }
  resume(): Promise<number> {
    return native.domainResume(this.handle);
  }
  /** Wakes a guest that suspended itself (pmsuspended) through the guest's own wake-up path. */
  pMWakeup(flags = 0): Promise<number> {
    return native.domainPMWakeup(this.handle, flags);
  }
  managedSave(flags = 0): Promise<number> {
    return native.domainManagedSave(this.handle, flags);
  }
  managedSaveRemove(flags = 0): Promise<number> {
    return native.domainManagedSaveRemove(this.handle, flags);
  }
  hasManagedSaveImage(flags = 0): Promise<boolean> {
    return native.domainHasManagedSaveImage(this.handle, flags);
  }
  undefineFlags(flags = 0): Promise<number> {
    return native.domainUndefineFlags(this.handle, flags);
  }
  autostart(): Promise<boolean> {
    return native.domainGetAutostart(this.handle);
  }
  setAutostart(autostart: boolean): Promise<number> {
    return native.domainSetAutostart(this.handle, autostart);
  }
  isActive(): Promise<boolean> {
    return native.domainIsActive(this.handle);
  }
  isPersistent(): Promise<boolean> {
    return native.domainIsPersistent(this.handle);
  }

  /**
   * memory in KiB; flags DomainMemoryModFlags / DomainModificationImpact. With
   * DomainMemoryModFlags.MAXIMUM it sets the maximum (`<memory>`) instead of the current
   * allocation: that is all virDomainSetMaxMemory does (with CURRENT), so the binding has no
   * setMaxMemory of its own. QEMU changes the maximum only with CONFIG (or on a shut-off domain).
   */
  setMemoryFlags(memory: number | bigint, flags = 0): Promise<number> {
    return native.domainSetMemoryFlags(this.handle, memory, flags);
  }
  /** flags DomainVcpuFlags: CURRENT/LIVE/CONFIG, MAXIMUM for the maximum, GUEST for the guest's own count (agent), HOTPLUGGABLE. */
  setVcpusFlags(nvcpus: number, flags = 0): Promise<number> {
    return native.domainSetVcpusFlags(this.handle, nvcpus, flags);
  }
  /**
   * The number of vCPUs (virDomainGetVcpusFlags): current by default; flags DomainVcpuFlags
   * pick the live or config view (exactly one, or CURRENT), MAXIMUM, or GUEST (the guest
   * agent's count).
   */
  vcpusFlags(flags = 0): Promise<number> {
    return native.domainVcpusFlags(this.handle, flags);
  }
  /**
   * Renames the domain (virDomainRename). QEMU renames only a shut-off domain and refuses a
   * running one (OPERATION_INVALID). This object's name() says the new name afterwards; other
   * Domain objects of the same domain keep the name they had, as in libvirt-python.
   */
  async rename(newName: string, flags = 0): Promise<number> {
    const rc = await native.domainRename(this.handle, newName, flags);
    this.#ident = { ...this.#identity(), name: newName };
    return rc;
  }
  /**
   * The guest's hostname (virDomainGetHostname); flags DomainGetHostnameFlags pick the source
   * (LEASE: DHCP leases of libvirt's networks, AGENT: the guest agent; 0: the driver's default).
   * May wait for the guest agent: runs on the connection's slow lane.
   */
  hostname(flags = 0): Promise<string> {
    return native.domainHostname(this.handle, flags);
  }
  /**
   * What the guest agent reports (virDomainGetGuestInfo): types is DomainGuestInfoTypes bits
   * (0 for all), fields as libvirt names them ("os.id", "hostname", "user.count", "fs.0.name",
   * "if.0.addr.0.addr", ...). Needs a guest agent channel and an agent that answers; runs on
   * the connection's slow lane.
   */
  guestInfo(types = 0, flags = 0): Promise<TypedParams> {
    return native.domainGuestInfo(this.handle, types, flags);
  }
  attachDeviceFlags(xml: string, flags = 0): Promise<number> {
    return native.domainAttachDeviceFlags(this.handle, xml, flags);
  }
  detachDeviceFlags(xml: string, flags = 0): Promise<number> {
    return native.domainDetachDeviceFlags(this.handle, xml, flags);
  }
  updateDeviceFlags(xml: string, flags = 0): Promise<number> {
    return native.domainUpdateDeviceFlags(this.handle, xml, flags);
  }
  /**
   * Guest addresses from a DomainInterfaceAddressesSource: LEASE (libvirt's DHCP), AGENT (the
   * guest agent: needs its channel) or ARP (the host's ARP table).
   */
  interfaceAddresses(source: number, flags = 0): Promise<DomainInterface[]> {
    return native.domainInterfaceAddresses(this.handle, source, flags);
  }
  /** Presses keys together (codeset: KeycodeSet; holdtime in ms, 0 for libvirt's default). */
  sendKey(codeset: number, holdtime: number, keycodes: readonly number[], flags = 0): Promise<number> {
    return native.domainSendKey(this.handle, codeset, holdtime, [...keycodes], flags);
  }
  /** Captures a screen into stream; resolves to the image's MIME type. */
  screenshot(stream: Stream, screen = 0, flags = 0): Promise<string> {
    return native.domainScreenshot(this.handle, stream?.handle, screen, flags);
  }
  /** Attaches stream to a console (devName null: the first); flags DomainConsoleFlags (SAFE, FORCE). */
  openConsole(devName: string | null, stream: Stream, flags = 0): Promise<number> {
    return native.domainOpenConsole(this.handle, devName, stream?.handle, flags);
  }
  setMetadata(type: number, metadata: string | null, key: string | null, uri: string | null, flags = 0): Promise<number> {
    return native.domainSetMetadata(this.handle, type, metadata, key, uri, flags);
  }
  metadata(type: number, uri: string | null = null, flags = 0): Promise<string> {
    return native.domainMetadata(this.handle, type, uri, flags);
  }

  schedulerParameters(flags = 0): Promise<TypedParams> {
    return native.domainSchedulerParameters(this.handle, flags);
  }
  /** Sets fields by name; each field's type is taken from libvirt's current parameters. */
  setSchedulerParameters(params: TypedParamsInput, flags = 0): Promise<number> {
    return native.domainSetSchedulerParameters(this.handle, params, flags);
  }
  memoryParameters(flags = 0): Promise<TypedParams> {
    return native.domainMemoryParameters(this.handle, flags);
  }
  setMemoryParameters(params: TypedParamsInput, flags = 0): Promise<number> {
    return native.domainSetMemoryParameters(this.handle, params, flags);
  }
  blkioParameters(flags = 0): Promise<TypedParams> {
    return native.domainBlkioParameters(this.handle, flags);
  }
  setBlkioParameters(params: TypedParamsInput, flags = 0): Promise<number> {
    return native.domainSetBlkioParameters(this.handle, params, flags);
  }
  /** NUMA memory tuning: numa_mode (DomainNumatuneMemMode) and numa_nodeset (e.g. "0-1"). */
  numaParameters(flags = 0): Promise<TypedParams> {
    return native.domainNumaParameters(this.handle, flags);
  }
  setNumaParameters(params: TypedParamsInput, flags = 0): Promise<number> {
    return native.domainSetNumaParameters(this.handle, params, flags);
  }
  /**
   * I/O limits of one disk (its target, e.g. "vda", or its source path): the
   * VIR_DOMAIN_BLOCK_IOTUNE_* fields (total_bytes_sec, read_iops_sec, ..., group_name); 0 means no limit.
   */
  blockIoTune(disk: string, flags = 0): Promise<TypedParams> {
    return native.domainBlockIoTune(this.handle, disk, flags);
  }
  /** Sets the named fields; libvirt keeps the disk's other limits. QEMU checks each *_max against its base field. */
  setBlockIoTune(disk: string, params: TypedParamsInput, flags = 0): Promise<number> {
    return native.domainSetBlockIoTune(this.handle, disk, params, flags);
  }
  /**
   * Bandwidth of one NIC (its target device, e.g. "vnet0", or its MAC address: the MAC is the
   * only name a shut-off domain's NIC has): VIR_DOMAIN_BANDWIDTH_* fields (inbound.average, ...) in KiB/s.
   */
  interfaceParameters(device: string, flags = 0): Promise<TypedParams> {
    return native.domainInterfaceParameters(this.handle, device, flags);
  }
  setInterfaceParameters(device: string, params: TypedParamsInput, flags = 0): Promise<number> {
    return native.domainSetInterfaceParameters(this.handle, device, params, flags);
  }
  /** cpumap[i] says whether host CPU i may run this vCPU. */
  pinVcpuFlags(vcpu: number, cpumap: readonly boolean[], flags = 0): Promise<number> {
    return native.domainPinVcpuFlags(this.handle, vcpu, [...cpumap], flags);
  }
  /** For each vCPU, the host CPUs it may run on. */
  vcpuPinInfo(flags = 0): Promise<boolean[][]> {
    return native.domainVcpuPinInfo(this.handle, flags);
  }
  /** Pins the emulator threads (QEMU's own, not the vCPUs): cpumap[i] says whether host CPU i may run them. */
  pinEmulator(cpumap: readonly boolean[], flags = 0): Promise<number> {
    return native.domainPinEmulator(this.handle, [...cpumap], flags);
  }
  /** The host CPUs the emulator threads may run on, one entry per host CPU; empty if the domain has no emulator threads. */
  emulatorPinInfo(flags = 0): Promise<boolean[]> {
    return native.domainEmulatorPinInfo(this.handle, flags);
  }

  /** size in KiB unless flags has DomainBlockResizeFlags.BYTES. */
  blockResize(disk: string, size: number | bigint, flags = 0): Promise<number> {
    return native.domainBlockResize(this.handle, disk, size, flags);
  }
  blockInfo(disk: string, flags = 0): Promise<BlockInfo> {
    return native.domainBlockInfo(this.handle, disk, flags);
  }
  jobInfo(): Promise<JobInfo> {
    return native.domainJobInfo(this.handle);
  }
  /** virDomainMemoryStats: balloon figures by libvirt's tag names (actual, rss, unused, available, ...), KiB. */
  memoryStats(flags = 0): Promise<Record<string, bigint>> {
    return native.domainMemoryStats(this.handle, flags);
  }
  /** virDomainBlockStats for one disk (its target, e.g. "vda", or source path); -1 where the driver has no figure. */
  blockStats(disk: string): Promise<Record<string, bigint | number>> {
    return native.domainBlockStats(this.handle, disk);
  }
  /** virDomainInterfaceStats for one NIC (its target device, e.g. "vnet0"); -1 where the driver has no figure. */
  interfaceStats(device: string): Promise<Record<string, bigint | number>> {
    return native.domainInterfaceStats(this.handle, device);
  }
  jobStats(flags = 0): Promise<TypedParams & { type: number }> {
    return native.domainJobStats(this.handle, flags);
  }
  abortJob(): Promise<number> {
    return native.domainAbortJob(this.handle);
  }
  /** Migrates to a libvirt URI (peer-to-peer or direct); params use VIR_MIGRATE_PARAM_* names. */
  migrateToURI3(dconnuri: string, params: TypedParamsInput = {}, flags = 0): Promise<number> {
    return native.domainMigrateToURI3(this.handle, dconnuri, params, flags);
  }
  /** Migrates to an open destination connection; resolves to the domain there. */
  migrate3(dconn: Connection, params: TypedParamsInput = {}, flags = 0): Promise<Domain> {
    return native.domainMigrate3(this.handle, dconn?.handle, params, flags).then((h) => new Domain(dconn, h));
  }

  snapshotCreateXML(xml: string, flags = 0): Promise<DomainSnapshot> {
    return native.domainSnapshotCreateXML(this.handle, xml, flags).then((h) => new DomainSnapshot(this, h));
  }
  listAllSnapshots(flags = 0): Promise<DomainSnapshot[]> {
    return native.domainListAllSnapshots(this.handle, flags).then((hs) => hs.map((h) => new DomainSnapshot(this, h)));
  }
  snapshotLookupByName(name: string, flags = 0): Promise<DomainSnapshot> {
    return native.domainSnapshotLookupByName(this.handle, name, flags).then((h) => new DomainSnapshot(this, h));
  }
  snapshotCurrent(flags = 0): Promise<DomainSnapshot> {
    return native.domainSnapshotCurrent(this.handle, flags).then((h) => new DomainSnapshot(this, h));
  }
  revertToSnapshot(snap: DomainSnapshot, flags = 0): Promise<number> {
    return native.domainRevertToSnapshot(this.handle, snap?.handle, flags);
  }

  #identity(): { name: string; uuid: string; id: number } {
    this.#ident ??= native.domainIdent(this.handle);
    return this.#ident;
  }
}

export type { TypedParams };
