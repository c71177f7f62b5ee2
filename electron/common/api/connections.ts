// The `connections` namespace: the hosts the user configured, their live state, and the
// questions ssh asks while one opens.
import { z } from 'zod';
import type { ApiErrorData } from './errors.js';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, noParams, type ConnectionId } from './refs.js';

export type { ConnectionId } from './refs.js';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'failed';

/** What the user configures. */
export const connectionSpec = z.strictObject({
  /** A libvirt URI, built and checked by the backend (see electron/common/api/connection-uri.ts). */
  uri: z.string().min(1).max(2048),
  /** Shown instead of the URI when set. */
  label: z.string().max(200).optional(),
  autoconnect: z.boolean(),
  /**
   * Open read-only (VIR_CONNECT_RO): the host can be watched, never changed; every editor says
   * so. Needs no write permission on the host's libvirt (its read-only socket suffices).
   */
  readonly: z.boolean().optional(),
});
export type ConnectionSpec = z.infer<typeof connectionSpec>;

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

const byId = z.strictObject({ id: connectionId });

export const connectionsApi = defineNamespace({
  /** All configured connections, in the user's order, with their live state. */
  list: method({ params: noParams, result: returns<ConnectionInfo[]>() }),
  /** Adds a connection; opens it when autoconnect is on. Fails on an invalid or duplicate URI. */
  add: method({ params: z.strictObject({ spec: connectionSpec }), result: returns<ConnectionInfo>() }),
  /** Changes a connection; reopens it when its URI changed and it was open. */
  update: method({ params: z.strictObject({ id: connectionId, spec: connectionSpec }), result: returns<ConnectionInfo>() }),
  /** Closes and forgets a connection. */
  remove: method({ params: byId, result: returns<void>() }),
  /** Sets the order; ids must be exactly the configured connections. */
  reorder: method({ params: z.strictObject({ ids: z.array(connectionId).max(1000) }), result: returns<void>() }),
  /** Opens now (the manual Reconnect too); resolves once connected, rejects if that fails. */
  open: method({ params: byId, result: returns<ConnectionInfo>() }),
  /** Closes and stops reconnecting until opened again. */
  close: method({ params: byId, result: returns<ConnectionInfo>() }),
  /** Answers the SSH question on a connection (see ConnectionInfo.prompt); null cancels signing in. */
  answerPrompt: method({
    params: z.strictObject({ id: connectionId, promptId: z.string().min(1).max(64), answer: z.string().max(4096).nullable() }),
    result: returns<void>(),
  }),
});
