// The `connections` namespace: the hosts the user configured, their live state, and the
// questions ssh asks while one opens.
import { z } from 'zod';
import { apiErrorData } from './errors.js';
import { defineNamespace, done, method } from './define.js';
import { connectionId, noParams } from './refs.js';

export type { ConnectionId } from './refs.js';

export const connectionState = z.enum(['disconnected', 'connecting', 'connected', 'failed']);
export type ConnectionState = z.infer<typeof connectionState>;

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

export const hypervisorFacts = z.strictObject({
  /** libvirt's driver name, e.g. QEMU, TEST, Xen. */
  type: z.string(),
  /** The hypervisor's version, e.g. "7.2.22". */
  version: z.string(),
  hostname: z.string(),
  /** libvirt's version on the host, e.g. "9.0.0". */
  libvirtVersion: z.string(),
});
export type HypervisorFacts = z.infer<typeof hypervisorFacts>;

/** The host the system `ssh` goes to for a `+ssh` connection. */
export const sshTarget = z.strictObject({
  host: z.string(),
  port: z.number().int().optional(),
  user: z.string().optional(),
  keyFile: z.string().optional(),
});
export type SshTarget = z.infer<typeof sshTarget>;

/** A question `ssh` asks while a connection opens, waiting for the user's answer. */
export const sshPrompt = z.strictObject({
  id: z.string(),
  kind: z.enum(['host-key', 'password', 'passphrase', 'other']),
  /** user@host:port as ssh sees it. */
  target: z.string(),
  /** ssh's own words. */
  message: z.string(),
  /** host-key: the key's type and fingerprint, e.g. ED25519, SHA256:... */
  keyType: z.string().optional(),
  fingerprint: z.string().optional(),
  /** passphrase: the key file. */
  keyFile: z.string().optional(),
  /** 2 and more when ssh asks again after a refused answer. */
  attempt: z.number().int().min(1),
});
export type SshPrompt = z.infer<typeof sshPrompt>;

export const connectionInfo = z.strictObject({
  id: connectionId,
  spec: connectionSpec,
  state: connectionState,
  /** Why it failed or was lost (a message id with its English words, and libvirt's error number), with what to try. */
  error: apiErrorData.optional(),
  /** When the next automatic reconnect attempt starts (epoch ms), while one is scheduled. */
  retryAt: z.number().optional(),
  hypervisor: hypervisorFacts.optional(),
  counts: z.strictObject({ total: z.number().int().min(0), running: z.number().int().min(0) }).optional(),
  /** While connecting over SSH: the question ssh is waiting on. */
  prompt: sshPrompt.optional(),
});
export type ConnectionInfo = z.infer<typeof connectionInfo>;

const byId = z.strictObject({ id: connectionId });

export const connectionsApi = defineNamespace({
  /** All configured connections, in the user's order, with their live state. */
  list: method({ params: noParams, result: z.array(connectionInfo) }),
  /** Adds a connection; opens it when autoconnect is on. Fails on an invalid or duplicate URI. */
  add: method({ params: z.strictObject({ spec: connectionSpec }), result: connectionInfo }),
  /** Changes a connection; reopens it when its URI changed and it was open. */
  update: method({ params: z.strictObject({ id: connectionId, spec: connectionSpec }), result: connectionInfo }),
  /** Closes and forgets a connection. */
  remove: method({ params: byId, result: done }),
  /** Sets the order; ids must be exactly the configured connections. */
  reorder: method({ params: z.strictObject({ ids: z.array(connectionId).max(1000) }), result: done }),
  /** Opens now (the manual Reconnect too); resolves once connected, rejects if that fails. */
  open: method({ params: byId, result: connectionInfo }),
  /** Closes and stops reconnecting until opened again. */
  close: method({ params: byId, result: connectionInfo }),
  /** Answers the SSH question on a connection (see ConnectionInfo.prompt); null cancels signing in. */
  answerPrompt: method({
    params: z.strictObject({ id: connectionId, promptId: z.string().min(1).max(64), answer: z.string().max(4096).nullable() }),
    result: done,
  }),
});
