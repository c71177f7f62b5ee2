// The `osinfo` namespace: operating systems as osinfo-db describes them. Not a libvirt object:
// the database is read on the machine Virtdeck runs on, so searching needs no host; detecting
// the OS on install media reads the media through the host's connection.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId, hostPath } from './refs.js';

const resources = z.strictObject({ memoryMiB: z.number().optional(), vcpus: z.number().int().optional(), storageGiB: z.number().optional() });

/** An OS as the wizard shows and uses it. */
export const osChoice = z.strictObject({
  id: z.string(),
  shortId: z.string(),
  name: z.string(),
  family: z.string(),
  /** Recommended (else minimum) resources, in MiB / GiB / count. */
  recommended: resources,
  minimum: resources,
  efiRequired: z.boolean(),
  tpmRequired: z.boolean(),
  /** Kernel and initrd paths inside an install tree, for network installs. */
  installTree: z.strictObject({ kernel: z.string(), initrd: z.string() }).optional(),
});
export type OsChoice = z.infer<typeof osChoice>;

export const osinfoApi = defineNamespace({
  /** OSes whose name or id holds the text (osinfo-db), best first; empty text gives the generic entries. */
  search: method({ params: z.strictObject({ text: z.string().max(200) }), result: z.array(osChoice) }),
  /** The OS on install media on the host (an ISO's volume descriptor matched against osinfo-db); null when none matches. */
  detect: method({ params: z.strictObject({ connection: connectionId, path: hostPath }), result: osChoice.nullable() }),
});
