// The `vmCreate` namespace, the New VM wizard's own: what the user asked for, the XML that
// will be defined, and the create itself with its progress. What the host offers lives with
// its object (`hosts.capabilities`, `storagePools.list`, `networks.list`, `osinfo.search`).
// Paths are paths on the VM's host (for a remote connection, on that host), never on the
// user's machine.
import { z } from 'zod';
import { defineNamespace, method } from './define.js';
import { connectionId, domainRef, hostPath, jobId, objectName } from './refs.js';

export const virtType = z.enum(['kvm', 'qemu']);
export type VirtType = z.infer<typeof virtType>;

const words = z.string().max(1024);

/** What cloud-init sets up in the guest. The password is hashed into user-data, kept nowhere else. */
export const cloudInitSpec = z.strictObject({
  user: z.string().max(64),
  password: z.string().max(1024).optional(),
  /** OpenSSH public key lines. */
  sshKeys: z
    .array(z.string().max(16 * 1024))
    .max(64)
    .optional(),
  hostname: z.string().max(253).optional(),
  /** More #cloud-config YAML, merged in. */
  extraYaml: z
    .string()
    .max(256 * 1024)
    .optional(),
});
export type CloudInitSpec = z.infer<typeof cloudInitSpec>;

/** Where the guest is installed or booted from. */
export const installSource = z.discriminatedUnion('kind', [
  /** An ISO image (a file or a pool's volume) attached as a CD-ROM, booted first. */
  z.strictObject({ kind: z.literal('iso'), path: hostPath }),
  /** The host's optical drive. */
  z.strictObject({ kind: z.literal('cdrom'), device: hostPath }),
  /** An install tree: its kernel and initrd (paths inside the tree, from the OS or given) boot with `url` as the install source. */
  z.strictObject({ kind: z.literal('url'), url: z.string().url().max(2048), kernel: z.string().max(1024), initrd: z.string().max(1024), cmdline: words.optional() }),
  /** An existing disk image becomes the VM's first disk; nothing is installed. */
  z.strictObject({ kind: z.literal('import'), path: hostPath }),
  /** Boot from the network (PXE). */
  z.strictObject({ kind: z.literal('pxe') }),
  /** The host's kernel and initrd files, booted directly with a command line. */
  z.strictObject({ kind: z.literal('kernel'), kernel: hostPath, initrd: hostPath.optional(), cmdline: words.optional() }),
  /**
   * A cloud image (a volume in a pool) as the backing file of the new disk, a copy-on-write
   * qcow2 overlay; cloud-init configures the guest from a NoCloud seed ISO attached as a CD-ROM.
   */
  z.strictObject({
    kind: z.literal('cloud'),
    baseImage: hostPath,
    cloudInit: cloudInitSpec,
    /**
     * Detach the seed from the persistent definition and delete its volume once the VM first
     * stops (virt-install's behaviour). Default true.
     */
    removeSeed: z.boolean().optional(),
  }),
]);
export type InstallSource = z.infer<typeof installSource>;
export type SourceKind = InstallSource['kind'];

/** The VM's disk. */
export const storageChoice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** A new volume in a pool (created at Finish, deleted again if the create fails). */
  z.strictObject({ kind: z.literal('new'), pool: objectName, sizeGiB: z.number().positive().max(65536), format: z.enum(['qcow2', 'raw']) }),
  /** A volume or file that exists already (kept if the create fails). */
  z.strictObject({ kind: z.literal('existing'), path: hostPath }),
]);
export type StorageChoice = z.infer<typeof storageChoice>;

export const networkChoice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** One of the host's virtual networks, by name. */
  z.strictObject({ kind: z.literal('network'), name: objectName }),
  /** A host bridge device, by name. */
  z.strictObject({ kind: z.literal('bridge'), name: objectName }),
  /**
   * macvtap on one of the host's physical interfaces, in bridge mode (guests on the same device
   * reach each other and the LAN; the host itself cannot reach the guest through it). A Linux
   * interface name: at most 15 bytes, no slash, colon or whitespace (IFNAMSIZ, dev_valid_name).
   */
  z.strictObject({ kind: z.literal('direct'), name: z.string().regex(/^[^\s/:]{1,15}$/, 'an interface name of the host such as eth0') }),
  /** User-mode networking (slirp): no host setup, no inbound connections. */
  z.strictObject({ kind: z.literal('user') }),
]);
export type NetworkChoice = z.infer<typeof networkChoice>;

/** Everything the user chose; the backend fills in the rest from the OS and the host. */
export const vmCreateSpec = z.strictObject({
  connection: connectionId,
  name: z.string().min(1).max(64),
  source: installSource,
  /** An osinfo-db id or short id; 'generic' for unknown. */
  os: z.string().min(1).max(256),
  memoryMiB: z
    .number()
    .int()
    .min(16)
    .max(16 * 1024 * 1024),
  vcpus: z.number().int().min(1).max(4096),
  storage: storageChoice,
  network: networkChoice,
  /** Advanced; defaulted from the host's capabilities when absent. */
  arch: z.string().max(32).optional(),
  machine: z.string().max(64).optional(),
  virtType: virtType.optional(),
});
export type VmCreateSpec = z.infer<typeof vmCreateSpec>;

/** What will be created: the XML, and the facts a summary shows. */
export const createPreview = z.strictObject({
  /** The install configuration: what the first boot runs with (and what Customize edits). */
  xml: z.string(),
  /**
   * The persistent definition after the install (boots from the disk; no install kernel, media
   * or seed), derived from `xml`; equal to it when the install config is the final one.
   */
  finalXml: z.string(),
  virtType,
  machine: z.string(),
  firmware: z.enum(['bios', 'efi']),
  tpm: z.boolean(),
  /** The new volume's path, when one is made. */
  newVolume: z.strictObject({ pool: z.string(), name: z.string(), path: z.string(), capacity: z.number().min(0) }).optional(),
  /** A cloud image: the overlay's backing file and the seed ISO volume that is made. */
  cloud: z.strictObject({ baseImage: z.string(), seedPath: z.string() }).optional(),
  /** Things the user should know (no UEFI though the OS needs it, memory above the host's, …). */
  warnings: z.array(z.string()),
});
export type CreatePreview = z.infer<typeof createPreview>;

/** storage: the new disk; seed: the cloud-init seed ISO; fetch: an install tree's kernel and initrd. */
export const createStep = z.enum(['check', 'storage', 'seed', 'fetch', 'define', 'start', 'rollback', 'done']);
export type CreateStep = z.infer<typeof createStep>;

export const createResult = z.strictObject({
  ref: domainRef,
  name: z.string(),
  started: z.boolean(),
});
export type CreateResult = z.infer<typeof createResult>;

export const vmCreateApi = defineNamespace({
  /** The domain XML and facts Finish would create, without creating anything. Fails with invalid-input on a bad spec. */
  preview: method({ params: z.strictObject({ spec: vmCreateSpec }), result: createPreview }),
  /**
   * Creates the VM: the new volume, the definition (validated by libvirt), then starts it
   * (an import is started too). It runs as the job `job` (see `jobs`): progress arrives as
   * `job.progressed`, `jobs.cancel` stops it.
   * `xml` replaces the generated XML ("Customize configuration before install"). Any
   * failure removes what this call created (volume, definition) and rejects saying which
   * step failed and why.
   */
  run: method({
    params: z.strictObject({
      job: jobId,
      spec: vmCreateSpec,
      xml: z
        .string()
        .min(1)
        .max(1024 * 1024)
        .optional(),
    }),
    result: createResult,
  }),
});
