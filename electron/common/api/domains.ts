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
  /**
   * When the running VM started (epoch ms), where the backend can tell: it saw the start, or
   * (local QEMU) the start time of the VM's process. Absent when not running or not known.
   */
  startedAt?: number;
}

/**
 * What the VM list shows beyond its bulk calls. These cost libvirt calls per VM, so the UI asks
 * for them only for the rows on screen (domains.extras).
 */
export interface DomainExtras {
  uuid: string;
  /** The VM's short description (`<title>`), when it has one. */
  title?: string;
  /** Guest IP addresses of a running VM (DHCP lease, ARP, or the guest agent); empty when libvirt cannot tell. */
  addresses: string[];
  /**
   * vCPUs and memory from virDomainGetInfo, only where the host's bulk stats left them out of
   * the summary (the test driver and other drivers without bulk stats).
   */
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
