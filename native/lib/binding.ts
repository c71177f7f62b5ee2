// The only loader of the compiled addon, and the types of its flat, handle-based surface.
// Everything above this file works with objects (Connection, Domain, ...), never with handles.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An opaque reference to one libvirt object, owned by the addon. */
declare const handleBrand: unique symbol;
export interface Handle<K extends string> {
  readonly [handleBrand]: K;
}
export type ConnectHandle = Handle<'Connection'>;
export type DomainHandle = Handle<'Domain'>;
export type NetworkHandle = Handle<'Network'>;
export type StoragePoolHandle = Handle<'StoragePool'>;
export type StorageVolHandle = Handle<'StorageVolume'>;
export type NodeDeviceHandle = Handle<'NodeDevice'>;
export type InterfaceHandle = Handle<'Interface'>;
export type SnapshotHandle = Handle<'DomainSnapshot'>;
export type StreamHandle = Handle<'Stream'>;
/** The domains of one bulk stats call, materialized one by one (statsBatchDomain). */
export type DomainBatchHandle = Handle<'DomainBatch'>;

/** A typed parameter's value: 64-bit integers (LLONG/ULLONG) arrive as bigint. */
export type TypedParamValue = number | bigint | string | boolean;
export type TypedParams = Record<string, TypedParamValue>;
/** Parameters to set; a string array sets a multi-valued string field (e.g. migrate_disks). */
export type TypedParamsInput = Record<string, TypedParamValue | readonly string[]>;

/**
 * Bulk stats in columns (see StatsRecords in ops_connect.cc): record r has counts[r] fields,
 * whose names are keys[keyIdx[f]] and whose values are taken in order from the array of their
 * kind: 0 nums, 1 u64s, 2 i64s, 3 nums as 0/1, 4 strs.
 */
export interface RawStatsBatch {
  domains: DomainBatchHandle;
  /** 16 raw bytes per record: each domain's UUID. */
  uuids: Uint8Array;
  keys: string[];
  counts: Uint32Array;
  keyIdx: Uint32Array;
  kinds: Uint8Array;
  nums: Float64Array;
  u64s: BigUint64Array;
  i64s: BigInt64Array;
  strs: string[];
}

export interface Credential {
  /** VIR_CRED_* (see `ConnectCredentialType`). */
  type: number;
  prompt: string;
  challenge: string;
  defresult: string;
}

export interface Keyed<T> {
  key: number;
  promise: Promise<T>;
}

type Flags = number;
type P<T> = Promise<T>;

export interface NativeBinding {
  getVersion(): number;
  setRuntime(rt: { dispatch: Dispatch; LibvirtError: new (info: never) => Error }): void;
  droppedEvents(): number;
  releaseControllingTerminal(): boolean;

  connectOpen(uri: string | null, flags: Flags, withAuth: boolean, kaInterval: number, kaCount: number): Keyed<ConnectHandle>;
  connectClose(c: ConnectHandle): P<number>;
  connectGetURI(c: ConnectHandle): P<string>;
  connectGetHostname(c: ConnectHandle): P<string>;
  connectGetSysinfo(c: ConnectHandle): P<string>;
  connectIsAlive(c: ConnectHandle): P<boolean>;
  connectGetType(c: ConnectHandle): P<string>;
  connectGetLibVersion(c: ConnectHandle): P<number>;
  connectGetVersion(c: ConnectHandle): P<number>;
  connectGetCapabilities(c: ConnectHandle): P<string>;
  connectGetDomainCapabilities(c: ConnectHandle, emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, flags: Flags): P<string>;
  nodeGetInfo(c: ConnectHandle): P<NodeInfo>;
  nodeGetCPUStats(c: ConnectHandle, cpuNum: number, flags: Flags): P<Record<string, bigint>>;
  nodeGetMemoryStats(c: ConnectHandle, cellNum: number, flags: Flags): P<Record<string, bigint>>;
  nodeGetFreeMemory(c: ConnectHandle): P<bigint>;
  nodeGetCPUMap(c: ConnectHandle): P<{ cpus: boolean[]; online: number }>;
  connectGetMaxVcpus(c: ConnectHandle, type: string | null): P<number>;
  connectGetCPUModelNames(c: ConnectHandle, arch: string, flags: Flags): P<string[]>;
  connectSetKeepAlive(c: ConnectHandle, interval: number, count: number): P<number>;
  nullCall(c: ConnectHandle): P<undefined>;
  connectListAllDomains(c: ConnectHandle, flags: Flags): P<DomainHandle[]>;
  connectListAllNetworks(c: ConnectHandle, flags: Flags): P<NetworkHandle[]>;
  connectListAllStoragePools(c: ConnectHandle, flags: Flags): P<StoragePoolHandle[]>;
  connectListAllNodeDevices(c: ConnectHandle, flags: Flags): P<NodeDeviceHandle[]>;
  connectListAllInterfaces(c: ConnectHandle, flags: Flags): P<InterfaceHandle[]>;
  domainLookupByName(c: ConnectHandle, name: string): P<DomainHandle>;
  domainLookupByUUIDString(c: ConnectHandle, uuid: string): P<DomainHandle>;
  domainLookupByID(c: ConnectHandle, id: number): P<DomainHandle>;
  domainDefineXML(c: ConnectHandle, xml: string, flags: Flags): P<DomainHandle>;
  domainCreateXML(c: ConnectHandle, xml: string, flags: Flags): P<DomainHandle>;
  networkLookupByName(c: ConnectHandle, name: string): P<NetworkHandle>;
  networkLookupByUUIDString(c: ConnectHandle, uuid: string): P<NetworkHandle>;
  networkDefineXML(c: ConnectHandle, xml: string, flags: Flags): P<NetworkHandle>;
  networkCreateXML(c: ConnectHandle, xml: string, flags: Flags): P<NetworkHandle>;
  storagePoolLookupByName(c: ConnectHandle, name: string): P<StoragePoolHandle>;
  storagePoolLookupByUUIDString(c: ConnectHandle, uuid: string): P<StoragePoolHandle>;
  storagePoolDefineXML(c: ConnectHandle, xml: string, flags: Flags): P<StoragePoolHandle>;
  storageVolLookupByPath(c: ConnectHandle, path: string): P<StorageVolHandle>;
  nodeDeviceLookupByName(c: ConnectHandle, name: string): P<NodeDeviceHandle>;
  connectGetAllDomainStats(c: ConnectHandle, stats: Flags, flags: Flags): P<RawStatsBatch>;
  domainListGetStats(c: ConnectHandle, doms: DomainHandle[], stats: Flags, flags: Flags): P<RawStatsBatch>;
  statsBatchDomain(batch: DomainBatchHandle, index: number): DomainHandle;
  connectNewStream(c: ConnectHandle, flags: Flags): P<StreamHandle>;

  domainIdent(d: DomainHandle): { name: string; uuid: string; id: number };
  domainCreate(d: DomainHandle, flags: Flags): P<number>;
  domainShutdown(d: DomainHandle): P<number>;
  domainShutdownFlags(d: DomainHandle, flags: Flags): P<number>;
  domainReboot(d: DomainHandle, flags: Flags): P<number>;
  domainReset(d: DomainHandle, flags: Flags): P<number>;
  domainDestroy(d: DomainHandle, flags: Flags): P<number>;
  domainSuspend(d: DomainHandle): P<number>;
  domainResume(d: DomainHandle): P<number>;
  domainPMWakeup(d: DomainHandle, flags: Flags): P<number>;
  domainManagedSave(d: DomainHandle, flags: Flags): P<number>;
  domainManagedSaveRemove(d: DomainHandle, flags: Flags): P<number>;
  domainHasManagedSaveImage(d: DomainHandle, flags: Flags): P<boolean>;
  domainUndefineFlags(d: DomainHandle, flags: Flags): P<number>;
  domainAbortJob(d: DomainHandle): P<number>;
  domainIsActive(d: DomainHandle): P<boolean>;
  domainIsPersistent(d: DomainHandle): P<boolean>;
  domainGetAutostart(d: DomainHandle): P<boolean>;
  domainSetAutostart(d: DomainHandle, on: boolean): P<number>;
  domainInfo(d: DomainHandle): P<DomainInfo>;
  domainState(d: DomainHandle, flags: Flags): P<{ state: number; reason: number }>;
  domainXMLDesc(d: DomainHandle, flags: Flags): P<string>;
  domainSetMemoryFlags(d: DomainHandle, kib: number | bigint, flags: Flags): P<number>;
  domainSetVcpusFlags(d: DomainHandle, n: number, flags: Flags): P<number>;
  domainVcpusFlags(d: DomainHandle, flags: Flags): P<number>;
  domainRename(d: DomainHandle, newName: string, flags: Flags): P<number>;
  domainHostname(d: DomainHandle, flags: Flags): P<string>;
  domainGuestInfo(d: DomainHandle, types: Flags, flags: Flags): P<TypedParams>;
  domainAttachDeviceFlags(d: DomainHandle, xml: string, flags: Flags): P<number>;
  domainDetachDeviceFlags(d: DomainHandle, xml: string, flags: Flags): P<number>;
  domainUpdateDeviceFlags(d: DomainHandle, xml: string, flags: Flags): P<number>;
  domainInterfaceAddresses(d: DomainHandle, source: number, flags: Flags): P<DomainInterface[]>;
  domainSendKey(d: DomainHandle, codeset: number, holdtime: number, keycodes: number[], flags: Flags): P<number>;
  domainSetMetadata(d: DomainHandle, type: number, metadata: string | null, key: string | null, uri: string | null, flags: Flags): P<number>;
  domainMetadata(d: DomainHandle, type: number, uri: string | null, flags: Flags): P<string>;
  domainSchedulerParameters(d: DomainHandle, flags: Flags): P<TypedParams>;
  domainSetSchedulerParameters(d: DomainHandle, params: TypedParamsInput, flags: Flags): P<number>;
  domainMemoryParameters(d: DomainHandle, flags: Flags): P<TypedParams>;
  domainSetMemoryParameters(d: DomainHandle, params: TypedParamsInput, flags: Flags): P<number>;
  domainBlkioParameters(d: DomainHandle, flags: Flags): P<TypedParams>;
  domainSetBlkioParameters(d: DomainHandle, params: TypedParamsInput, flags: Flags): P<number>;
  domainNumaParameters(d: DomainHandle, flags: Flags): P<TypedParams>;
  domainSetNumaParameters(d: DomainHandle, params: TypedParamsInput, flags: Flags): P<number>;
  domainBlockIoTune(d: DomainHandle, disk: string, flags: Flags): P<TypedParams>;
  domainSetBlockIoTune(d: DomainHandle, disk: string, params: TypedParamsInput, flags: Flags): P<number>;
  domainInterfaceParameters(d: DomainHandle, device: string, flags: Flags): P<TypedParams>;
  domainSetInterfaceParameters(d: DomainHandle, device: string, params: TypedParamsInput, flags: Flags): P<number>;
  domainPinVcpuFlags(d: DomainHandle, vcpu: number, cpumap: boolean[], flags: Flags): P<number>;
  domainVcpuPinInfo(d: DomainHandle, flags: Flags): P<boolean[][]>;
  domainPinEmulator(d: DomainHandle, cpumap: boolean[], flags: Flags): P<number>;
  domainEmulatorPinInfo(d: DomainHandle, flags: Flags): P<boolean[]>;
  domainBlockResize(d: DomainHandle, disk: string, size: number | bigint, flags: Flags): P<number>;
  domainBlockInfo(d: DomainHandle, disk: string, flags: Flags): P<BlockInfo>;
  domainJobInfo(d: DomainHandle): P<JobInfo>;
  domainJobStats(d: DomainHandle, flags: Flags): P<TypedParams & { type: number }>;
  domainMemoryStats(d: DomainHandle, flags: Flags): P<Record<string, bigint>>;
  domainBlockStats(d: DomainHandle, disk: string): P<Record<string, bigint | number>>;
  domainInterfaceStats(d: DomainHandle, device: string): P<Record<string, bigint | number>>;
  domainMigrateToURI3(d: DomainHandle, dconnuri: string, params: TypedParamsInput, flags: Flags): P<number>;
  domainMigrate3(d: DomainHandle, dconn: ConnectHandle, params: TypedParamsInput, flags: Flags): P<DomainHandle>;
  domainSnapshotCreateXML(d: DomainHandle, xml: string, flags: Flags): P<SnapshotHandle>;
  domainListAllSnapshots(d: DomainHandle, flags: Flags): P<SnapshotHandle[]>;
  domainSnapshotLookupByName(d: DomainHandle, name: string, flags: Flags): P<SnapshotHandle>;
  domainSnapshotCurrent(d: DomainHandle, flags: Flags): P<SnapshotHandle>;
  domainRevertToSnapshot(d: DomainHandle, s: SnapshotHandle, flags: Flags): P<number>;
  domainScreenshot(d: DomainHandle, st: StreamHandle, screen: number, flags: Flags): P<string>;
  domainOpenConsole(d: DomainHandle, dev: string | null, st: StreamHandle, flags: Flags): P<number>;

  networkIdent(n: NetworkHandle): { name: string; uuid: string };
  networkXMLDesc(n: NetworkHandle, flags: Flags): P<string>;
  networkCreate(n: NetworkHandle): P<number>;
  networkDestroy(n: NetworkHandle): P<number>;
  networkUndefine(n: NetworkHandle): P<number>;
  networkIsActive(n: NetworkHandle): P<boolean>;
  networkIsPersistent(n: NetworkHandle): P<boolean>;
  networkGetAutostart(n: NetworkHandle): P<boolean>;
  networkSetAutostart(n: NetworkHandle, on: boolean): P<number>;
  networkGetBridgeName(n: NetworkHandle): P<string>;
  networkDHCPLeases(n: NetworkHandle, mac: string | null, flags: Flags): P<DHCPLease[]>;
  networkUpdate(n: NetworkHandle, command: number, section: number, parentIndex: number, xml: string, flags: Flags): P<number>;

  storagePoolIdent(p: StoragePoolHandle): { name: string; uuid: string };
  storagePoolInfo(p: StoragePoolHandle): P<StoragePoolInfo>;
  storagePoolXMLDesc(p: StoragePoolHandle, flags: Flags): P<string>;
  storagePoolBuild(p: StoragePoolHandle, flags: Flags): P<number>;
  storagePoolCreate(p: StoragePoolHandle, flags: Flags): P<number>;
  storagePoolDestroy(p: StoragePoolHandle): P<number>;
  storagePoolUndefine(p: StoragePoolHandle): P<number>;
  storagePoolDelete(p: StoragePoolHandle, flags: Flags): P<number>;
  storagePoolRefresh(p: StoragePoolHandle, flags: Flags): P<number>;
  storagePoolIsActive(p: StoragePoolHandle): P<boolean>;
  storagePoolIsPersistent(p: StoragePoolHandle): P<boolean>;
  storagePoolGetAutostart(p: StoragePoolHandle): P<boolean>;
  storagePoolSetAutostart(p: StoragePoolHandle, on: boolean): P<number>;
  storagePoolListAllVolumes(p: StoragePoolHandle, flags: Flags): P<StorageVolHandle[]>;
  storagePoolVolLookupByName(p: StoragePoolHandle, name: string): P<StorageVolHandle>;
  storagePoolCreateVolXML(p: StoragePoolHandle, xml: string, flags: Flags): P<StorageVolHandle>;
  storagePoolCreateVolXMLFrom(p: StoragePoolHandle, xml: string, clone: StorageVolHandle, flags: Flags): P<StorageVolHandle>;

  storageVolIdent(v: StorageVolHandle): { name: string; key: string };
  storageVolPath(v: StorageVolHandle): P<string>;
  storageVolInfo(v: StorageVolHandle): P<StorageVolInfo>;
  storageVolXMLDesc(v: StorageVolHandle, flags: Flags): P<string>;
  storageVolDelete(v: StorageVolHandle, flags: Flags): P<number>;
  storageVolWipe(v: StorageVolHandle, flags: Flags): P<number>;
  storageVolResize(v: StorageVolHandle, capacity: number | bigint, flags: Flags): P<number>;
  storageVolUpload(v: StorageVolHandle, st: StreamHandle, offset: number | bigint, length: number | bigint, flags: Flags): P<number>;
  storageVolDownload(v: StorageVolHandle, st: StreamHandle, offset: number | bigint, length: number | bigint, flags: Flags): P<number>;

  nodeDeviceIdent(d: NodeDeviceHandle): { name: string };
  nodeDeviceXMLDesc(d: NodeDeviceHandle, flags: Flags): P<string>;
  nodeDeviceListCaps(d: NodeDeviceHandle): P<string[]>;
  interfaceIdent(i: InterfaceHandle): { name: string; mac: string };
  interfaceXMLDesc(i: InterfaceHandle, flags: Flags): P<string>;
  interfaceIsActive(i: InterfaceHandle): P<boolean>;
  snapshotIdent(s: SnapshotHandle): { name: string };
  snapshotXMLDesc(s: SnapshotHandle, flags: Flags): P<string>;
  snapshotParent(s: SnapshotHandle, flags: Flags): P<SnapshotHandle>;
  snapshotIsCurrent(s: SnapshotHandle, flags: Flags): P<boolean>;
  snapshotDelete(s: SnapshotHandle, flags: Flags): P<number>;
  snapshotListAllChildren(s: SnapshotHandle, flags: Flags): P<SnapshotHandle[]>;

  domainEventRegisterAny(c: ConnectHandle, d: DomainHandle | null, eventID: number): Keyed<number>;
  domainEventDeregisterAny(c: ConnectHandle, callbackID: number): P<number>;
  networkEventRegisterAny(c: ConnectHandle, n: NetworkHandle | null, eventID: number): Keyed<number>;
  networkEventDeregisterAny(c: ConnectHandle, callbackID: number): P<number>;
  storagePoolEventRegisterAny(c: ConnectHandle, p: StoragePoolHandle | null, eventID: number): Keyed<number>;
  storagePoolEventDeregisterAny(c: ConnectHandle, callbackID: number): P<number>;

  streamKey(st: StreamHandle): number;
  streamRead(st: StreamHandle, want: boolean): void;
  streamRelease(st: StreamHandle): void;
  streamSend(st: StreamHandle, data: Uint8Array): P<void>;
  streamFinish(st: StreamHandle): P<number>;
  streamAbort(st: StreamHandle): P<number>;
}

export interface NodeInfo {
  model: string;
  /** KiB */
  memory: number;
  cpus: number;
  mhz: number;
  nodes: number;
  sockets: number;
  cores: number;
  threads: number;
}

export interface DomainInfo {
  /** virDomainState (see `DomainState`). */
  state: number;
  /** KiB */
  maxMem: number;
  /** KiB */
  memory: number;
  nrVirtCpu: number;
  /** nanoseconds */
  cpuTime: bigint;
}

export interface DomainInterface {
  name: string | null;
  hwaddr: string | null;
  addrs: { type: number; addr: string | null; prefix: number }[];
}

export interface BlockInfo {
  capacity: number;
  allocation: number;
  physical: number;
}

export interface JobInfo {
  type: number;
  timeElapsed: bigint;
  timeRemaining: bigint;
  dataTotal: bigint;
  dataProcessed: bigint;
  dataRemaining: bigint;
  memTotal: bigint;
  memProcessed: bigint;
  memRemaining: bigint;
  fileTotal: bigint;
  fileProcessed: bigint;
  fileRemaining: bigint;
}

export interface DHCPLease {
  iface: string | null;
  expirytime: number;
  type: number;
  mac: string | null;
  iaid: string | null;
  ipaddr: string | null;
  prefix: number;
  hostname: string | null;
  clientid: string | null;
}

export interface StoragePoolInfo {
  state: number;
  capacity: number;
  allocation: number;
  available: number;
}

export interface StorageVolInfo {
  type: number;
  capacity: number;
  allocation: number;
}

/** How the addon reaches JS from its threads: events, close, credential requests, stream data. */
export type Dispatch = {
  (kind: 'event', key: number, object: Handle<string>, payload: Record<string, unknown>): void;
  (kind: 'close', key: number, reason: number): void;
  (kind: 'auth', key: number, creds: Credential[], reply: (answers: (string | null)[] | null) => void): void;
  (kind: 'stream', key: number, type: 'data' | 'end' | 'error', payload: Uint8Array | Error | undefined): void;
};

function findAddon(): string {
  // An instrumented build (AddressSanitizer, see test/support/memcheck.sh) can be swapped in.
  const override = process.env.VIRTDECK_NATIVE_ADDON;
  if (override) return override;
  const here = dirname(fileURLToPath(import.meta.url));
  // lib/ (sources, run through tsx) and dist/ (compiled) sit side by side under native/.
  const candidates = [join(here, '..', 'build', 'Release', 'virtdeck.node'), join(here, '..', 'build', 'Debug', 'virtdeck.node')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('The Virtdeck libvirt addon is not built (native/build/Release/virtdeck.node is missing). Run `npm install` or `npm run rebuild:native`.');
  }
  return found;
}

export const native: NativeBinding = createRequire(import.meta.url)(findAddon()) as NativeBinding;
