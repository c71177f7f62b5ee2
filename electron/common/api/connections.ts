import type { ApiErrorData } from './errors.js';

/** Names a configured connection; assigned by the backend, stable across restarts. */
export type ConnectionId = string;

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'failed';

/** What the user configures. */
export interface ConnectionSpec {
  /** A libvirt URI, built and checked by the backend (see electron/node/connections/uri.ts). */
  uri: string;
  /** Shown instead of the URI when set. */
  label?: string;
  autoconnect: boolean;
}

export interface HypervisorFacts {
  /** libvirt's driver name, e.g. QEMU, TEST, Xen. */
  type: string;
  /** The hypervisor's version, e.g. "7.2.22". */
  version: string;
  hostname: string;
  /** libvirt's version on the host, e.g. "9.0.0". */
  libvirtVersion: string;
}

/** The host the system `ssh` goes to for a `+ssh` connection. */
export interface SshTarget {
  host: string;
  port?: number;
  user?: string;
  keyFile?: string;
}

/** A question `ssh` asks while a connection opens, waiting for the user's answer. */
export interface SshPrompt {
  id: string;
  kind: 'host-key' | 'password' | 'passphrase' | 'other';
  /** user@host:port as ssh sees it. */
  target: string;
  /** ssh's own words. */
  message: string;
  /** host-key: the key's type and fingerprint, e.g. ED25519, SHA256:... */
  keyType?: string;
  fingerprint?: string;
  /** passphrase: the key file. */
  keyFile?: string;
  /** 2 and more when ssh asks again after a refused answer. */
  attempt: number;
}

export interface ConnectionInfo {
  id: ConnectionId;
  spec: ConnectionSpec;
  state: ConnectionState;
  /** Why it failed or was lost (a message id with its English words, and libvirt's error number), with what to try. */
  error?: ApiErrorData;
  /** When the next automatic reconnect attempt starts (epoch ms), while one is scheduled. */
  retryAt?: number;
  hypervisor?: HypervisorFacts;
  counts?: { total: number; running: number };
  /** While connecting over SSH: the question ssh is waiting on. */
  prompt?: SshPrompt;
}
