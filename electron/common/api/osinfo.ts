// The `osinfo` namespace: operating systems as osinfo-db describes them. Not a libvirt object:
// the database is read on the machine Virtdeck runs on, so searching needs no host; detecting
// the OS on install media reads the media through the host's connection.
import { z } from 'zod';
import { defineNamespace, method, returns } from './define.js';
import { connectionId, hostPath } from './refs.js';

/** An OS as the wizard shows and uses it. */
export interface OsChoice {
  id: string;
  shortId: string;
  name: string;
  family: string;
  /** Recommended (else minimum) resources, in MiB / GiB / count. */
  recommended: { memoryMiB?: number; vcpus?: number; storageGiB?: number };
  minimum: { memoryMiB?: number; vcpus?: number; storageGiB?: number };
  efiRequired: boolean;
  tpmRequired: boolean;
  /** Kernel and initrd paths inside an install tree, for network installs. */
  installTree?: { kernel: string; initrd: string };
}

export const osinfoApi = defineNamespace({
  /** OSes whose name or id holds the text (osinfo-db), best first; empty text gives the generic entries. */
  search: method({ params: z.strictObject({ text: z.string().max(200) }), result: returns<OsChoice[]>() }),
  /** The OS on install media on the host (an ISO's volume descriptor matched against osinfo-db); null when none matches. */
  detect: method({ params: z.strictObject({ connection: connectionId, path: hostPath }), result: returns<OsChoice | null>() }),
});
