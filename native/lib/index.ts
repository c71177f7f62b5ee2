// Virtdeck's libvirt binding: `import * as libvirt from 'virtdeck/native'`.
// Object model and names after libvirt-python, in camelCase; every call returns a Promise.
import { native } from './binding.js';
import './runtime.js';

export * from './constants.js';
export { LibvirtError, type LibvirtErrorInfo } from './errors.js';
export { open, Connection, DomainStatsRecord, type OpenOptions, type CloseCallback } from './connection.js';
export { Domain } from './domain.js';
export { Network } from './network.js';
export { StoragePool, StorageVolume } from './storage.js';
export { NodeDevice, Interface } from './devices.js';
export { DomainSnapshot } from './snapshot.js';
export { Stream } from './stream.js';
export { uploadFile, downloadFile, screenshot, type TransferOptions } from './transfers.js';
export { droppedEvents } from './runtime.js';
export { releaseControllingTerminal } from './process.js';
export type * from './events.js';
export type {
  Credential,
  TypedParams,
  TypedParamsInput,
  TypedParamValue,
  NodeInfo,
  DomainInfo,
  DomainInterface,
  BlockInfo,
  JobInfo,
  DHCPLease,
  StoragePoolInfo,
  StorageVolInfo,
} from './binding.js';

/** The version of the libvirt library this process loaded (major * 1,000,000 + minor * 1,000 + release). */
export async function getVersion(): Promise<number> {
  return native.getVersion();
}
