// The `storageVolumes` namespace: the volumes of a pool, addressed by the pool's name and
// their own (a volume has no UUID): listing with the VMs that use each, create, resize, clone,
// wipe, delete, and transfers between this machine and the pool (upload, download) as jobs.
import { z } from 'zod';
import { defineNamespace, done, method } from './define.js';
import { connectionId, hostPath, jobId, objectName, uuid, volumeRef } from './refs.js';

export const volumeSummary = z.strictObject({
  name: z.string(),
  path: z.string(),
  /** The image format (qcow2, raw, iso, …), where libvirt tells. */
  format: z.string().optional(),
  /** Bytes. */
  capacity: z.number().min(0),
});
export type VolumeSummary = z.infer<typeof volumeSummary>;

/** libvirt's virStorageVolType. */
export const volumeType = z.enum(['file', 'block', 'dir', 'network', 'netdir', 'ploop']);

/** A VM that uses a volume. */
export const volumeUser = z.strictObject({
  uuid,
  name: z.string(),
  /** The VM runs (its disks are open). */
  active: z.boolean(),
  /** Set when the VM uses the volume through an overlay (a volume of the same pool backed by it): that overlay's name. */
  through: z.string().optional(),
});
export type VolumeUser = z.infer<typeof volumeUser>;

/** A volume as the pool's volume list shows it. */
export const volumeDetails = volumeSummary.extend({
  type: volumeType,
  /** Bytes the volume takes in the pool now (less than capacity for a sparse or qcow2 image). */
  allocation: z.number().min(0),
  /** The image an overlay reads through to, and that image's volume where a pool of the host holds it. */
  backing: z
    .strictObject({
      path: z.string(),
      format: z.string().optional(),
      volume: z.strictObject({ pool: z.string(), name: z.string() }).optional(),
    })
    .optional(),
  /**
   * The VMs of this connection whose definitions (and, while running, live configurations) use
   * the volume: by its path, or by pool and volume name; or through an overlay of it in the
   * same pool. Empty when none does.
   */
  usedBy: z.array(volumeUser),
});
export type VolumeDetails = z.infer<typeof volumeDetails>;

/** A volume name: one path component (libvirt makes it a file name in dir pools). */
const volumeName = objectName.refine((n) => !n.includes('/') && n !== '.' && n !== '..', 'a volume name is one file name: no “/”, not “.” or “..”');

const bytes = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const storageVolumesApi = defineNamespace({
  /**
   * The volumes of one pool, by name, with the VMs that use each (refreshed first, so files
   * copied in by hand show). An inactive pool has none listed.
   */
  list: method({ params: z.strictObject({ connection: connectionId, pool: objectName }), result: z.array(volumeDetails) }),
  /**
   * A new volume in a running pool. `preallocation`: off (sparse: space is taken as the guest
   * writes), metadata (qcow2 only: its tables written now, so it grows faster later), full
   * (all of it allocated now; refused when the pool lacks the room). With `backing`, a qcow2
   * overlay whose reads fall through to that volume (which it never changes); its size is the
   * backing volume's unless `capacity` is given. A name the pool has already is refused.
   */
  create: method({
    params: z.strictObject({
      connection: connectionId,
      pool: objectName,
      name: volumeName,
      format: z.enum(['qcow2', 'raw']),
      /** Bytes; required unless `backing` gives it. */
      capacity: bytes.optional(),
      backing: z.strictObject({ pool: objectName, name: objectName }).optional(),
      preallocation: z.enum(['off', 'metadata', 'full']).default('off'),
    }),
    result: volumeDetails,
  }),
  /**
   * Grows a volume to `capacity` bytes (sparse: nothing is allocated for the new space).
   * Shrinking is refused (the data at its end would be lost), and so is resizing a disk of a
   * running VM (naming it), which the VM's own disk resize does live instead.
   */
  resize: method({ params: z.strictObject({ ref: volumeRef, capacity: bytes }), result: volumeDetails }),
  /**
   * Copies a volume, on the host, into a new volume `name` of the same pool or of `pool`
   * (same format and size; the copy of an overlay is a standalone image with its backing
   * image's data merged in, as libvirt copies through qemu-img convert). It runs as the job `job`:
   * progress is the copy's allocation so far against the original's. libvirt cannot interrupt a
   * copy it has begun, so `jobs.cancel` waits for the host to finish it and then deletes the
   * copy: a cancelled clone leaves nothing.
   */
  clone: method({
    params: z.strictObject({ job: jobId, ref: volumeRef, name: volumeName, pool: objectName.optional() }),
    result: volumeDetails,
  }),
  /**
   * Overwrites the volume's data with zeros (libvirt's wipe: the bytes the pool has allocated
   * to it). A qcow2 volume is then made again, empty, with its size and backing, as the wipe
   * leaves only zeros where its header was; a volume of any other format keeps its size and
   * holds zeros. Refused (`in-use`, naming the VMs) while a VM uses the volume or an overlay of it.
   */
  wipe: method({ params: z.strictObject({ ref: volumeRef }), result: volumeDetails }),
  /**
   * Deletes the volume and its data. Refused (`in-use`, naming them) while a VM uses it, or
   * while other volumes of its pool are overlays on it (they would lose their data).
   */
  delete: method({ params: z.strictObject({ ref: volumeRef }), result: done }),
  /**
   * Uploads a file from the machine Virtdeck runs on into a new volume of a pool on the
   * connection's host (the way a local ISO reaches a remote host), through libvirt's stream.
   * It runs as the job `job`: progress (bytes, rate, time left) arrives as `job.progressed`,
   * `jobs.cancel` stops it. Fails on a missing file or too little free space; the bytes go to a
   * partial volume that gets the final name only when complete, and a failed or cancelled
   * upload deletes it.
   */
  upload: method({
    params: z.strictObject({ job: jobId, connection: connectionId, pool: objectName, localPath: hostPath }),
    result: volumeSummary,
  }),
  /**
   * Downloads a volume's bytes (the image file as the pool stores it: a qcow2 stays qcow2)
   * through libvirt's stream into `localPath` on the machine Virtdeck runs on, as the job `job`
   * with progress; `jobs.cancel` stops it. The bytes go to a temporary file beside `localPath`
   * that takes its name only when complete; a failed or cancelled download deletes it, so
   * nothing is left. An existing `localPath` is refused unless `overwrite`; its directory must
   * exist.
   */
  download: method({
    params: z.strictObject({ job: jobId, ref: volumeRef, localPath: hostPath, overwrite: z.boolean().default(false) }),
    result: z.strictObject({ path: z.string(), bytes: z.number().int().min(0) }),
  }),
});
