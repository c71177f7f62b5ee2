// How objects are addressed across the contract: by their host (a configured connection) and
// libvirt's UUID, never by name (names change and can be reused); storage volumes, which have
// no UUID, by their pool's name and their own.
import { z } from 'zod';

/** Names a configured connection; assigned by the backend, stable across restarts. */
export const connectionId = z.string().min(1).max(64);
export type ConnectionId = z.infer<typeof connectionId>;

/** libvirt's UUID of a domain, network or pool (any case, with dashes). */
export const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);

/** A libvirt object that has a UUID: domain, network, storage pool. */
export const objectRef = z.strictObject({ connection: connectionId, uuid });

/** A domain is always addressed by its host and UUID, never by name. */
export const domainRef = objectRef;
export type DomainRef = z.infer<typeof domainRef>;

/** A virtual network, by its host and UUID. */
export const networkRef = objectRef;
export type NetworkRef = z.infer<typeof networkRef>;

/** A storage pool, by its host and UUID. */
export const poolRef = objectRef;
export type PoolRef = z.infer<typeof poolRef>;

/** The name of an object in libvirt (pool, network, volume, bridge). */
export const objectName = z.string().min(1).max(256);

/** A storage volume: it has no UUID; its pool (by name) and its name identify it on the host. */
export const volumeRef = z.strictObject({ connection: connectionId, pool: objectName, name: objectName });
export type VolumeRef = z.infer<typeof volumeRef>;

/** A path on the VM's host: absolute, no NUL; it reaches libvirt's XML escaped, never a shell. */
export const hostPath = z
  .string()
  .min(2)
  .max(4096)
  .regex(/^\/[^\0]*$/);

/** A caller-chosen id for a long call, so its progress events and its cancel can name it. */
export const jobId = z.string().min(8).max(64);

/** No params. */
export const noParams = z.strictObject({});
