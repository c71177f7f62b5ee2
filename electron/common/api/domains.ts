import type { ConnectionId } from './connections.js';

/** A domain is always addressed by its host and UUID, never by name. */
export interface DomainRef {
  connection: ConnectionId;
  uuid: string;
}

export type DomainStateName = 'nostate' | 'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'pmsuspended';

/** One row of the VM list: only what bulk calls give, so listing costs the same for 10 or 10,000 VMs. */
export interface DomainSummary {
  ref: DomainRef;
  name: string;
  state: DomainStateName;
  /** libvirt's reason for the state, as a word (e.g. "booted", "user", "crashed"). */
  reason: string;
  /** -1 when not running. */
  id: number;
  persistent: boolean;
  autostart: boolean;
  hasManagedSave: boolean;
  vcpus?: number;
  memoryKiB?: number;
  maxMemoryKiB?: number;
}

export interface DomainDetails extends DomainSummary {
  title?: string;
  description?: string;
  /** The domain's XML as libvirt gives it (INACTIVE|SECURE where the user may edit it later). */
  xml: string;
  os: { type: string; arch?: string; machine?: string };
  hypervisorType: string;
  disks: { target: string; device: string; source?: string }[];
  interfaces: { mac?: string; type: string; source?: string; model?: string }[];
  graphics: { type: string; listen?: string; port?: number }[];
}
