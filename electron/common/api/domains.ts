// The `domains` namespace: the VMs of a host, their lifecycle and what the list shows.
import { z } from 'zod';
import { deviceId, domainHardware, editEffect, editParams, editPreview, editResult } from './domain-edits.js';
import { setTuningParams, tuningOutcome, tuningRead } from './domain-tuning.js';
import { defineNamespace, done, method } from './define.js';
import { KEY_COMBOS } from './keys.js';
import { connectionId, domainRef, jobId, objectName, uuid, type DomainRef } from './refs.js';

export type { DomainRef };

export const domainStateName = z.enum(['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended']);
export type DomainStateName = z.infer<typeof domainStateName>;

const count = z.number().int().min(0);

/** One row of the VM list: only what bulk calls give, so listing costs the same for 10 or 10,000 VMs. */
export const domainSummary = z.strictObject({
  ref: domainRef,
  name: z.string(),
  state: domainStateName,
  /** libvirt's reason for the state, as a word (e.g. "booted", "user", "crashed"). */
  reason: z.string(),
  /** -1 when not running. */
  id: z.number().int().min(-1),
  persistent: z.boolean(),
  autostart: z.boolean(),
  hasManagedSave: z.boolean(),
  vcpus: count.optional(),
  memoryKiB: count.optional(),
  maxMemoryKiB: count.optional(),
  /**
   * When the running VM started (epoch ms), where the backend can tell: it saw the start, or
   * (local QEMU) the start time of the VM's process. Absent when not running or not known.
   */
  startedAt: z.number().optional(),
});
export type DomainSummary = z.infer<typeof domainSummary>;

/**
 * What the VM list shows beyond its bulk calls. These cost libvirt calls per VM, so the UI asks
 * for them only for the rows on screen (domains.extras).
 */
export const domainExtras = z.strictObject({
  uuid,
  /** The VM's short description (`<title>`), when it has one. */
  title: z.string().optional(),
  /** Guest IP addresses of a running VM (DHCP lease, ARP, or the guest agent); empty when libvirt cannot tell. */
  addresses: z.array(z.string()),
  /**
   * vCPUs and memory from virDomainGetInfo, only where the host's bulk stats left them out of
   * the summary (the test driver and other drivers without bulk stats).
   */
  vcpus: count.optional(),
  memoryKiB: count.optional(),
  maxMemoryKiB: count.optional(),
  /** A running VM whose definition was changed in ways it takes only at its next start. */
  pendingRestart: z.boolean().optional(),
});
export type DomainExtras = z.infer<typeof domainExtras>;

export const domainDetails = domainSummary.extend({
  title: z.string().optional(),
  description: z.string().optional(),
  /** The domain's XML as libvirt gives it (INACTIVE|SECURE where the user may edit it later). */
  xml: z.string(),
  os: z.strictObject({ type: z.string(), arch: z.string().optional(), machine: z.string().optional() }),
  hypervisorType: z.string(),
  disks: z.array(z.strictObject({ target: z.string(), device: z.string(), source: z.string().optional() })),
  interfaces: z.array(z.strictObject({ mac: z.string().optional(), type: z.string(), source: z.string().optional(), model: z.string().optional() })),
  graphics: z.array(z.strictObject({ type: z.string(), listen: z.string().optional(), port: z.number().int().optional() })),
});
export type DomainDetails = z.infer<typeof domainDetails>;

/** An etag as domains.xml gives it. */
export const etag = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The VM's persistent configuration as an editor starts from it: libvirt's inactive XML
 * (with secrets, so that writing it back keeps them) and its etag.
 */
export const domainConfigXml = z.strictObject({
  xml: z.string(),
  /** sha256 (hex) of `xml`: a write names it, and is refused when the configuration has changed since. */
  etag,
  /** The connection may not read the VM's secrets (display passwords): shown without them, not writable. */
  withoutSecrets: z.boolean().optional(),
});
export type DomainConfigXml = z.infer<typeof domainConfigXml>;

const byRef = z.strictObject({ ref: domainRef });

export const domainsApi = defineNamespace({
  /** The VMs of an open connection. */
  list: method({ params: z.strictObject({ connection: connectionId }), result: z.array(domainSummary) }),
  /**
   * Title and guest addresses of some VMs of an open connection (at most 200 per call).
   *
   * Costs libvirt calls per VM (unlike `list`), so the UI asks only for the rows on screen.
   * A UUID the host does not know is left out of the result; a VM whose addresses cannot be
   * read (no lease source, no guest agent) gets an empty list, not an error. `addresses: false`
   * reads titles only (e.g. to sort by title). Fails only when the connection is not open.
   */
  extras: method({
    params: z.strictObject({ connection: connectionId, uuids: z.array(uuid).max(200), addresses: z.boolean().optional() }),
    result: z.array(domainExtras),
  }),
  /** One VM with its XML and the essentials parsed from it. */
  details: method({ params: byRef, result: domainDetails }),
  /** The VM's inactive (persistent) XML and its etag, the base of every configuration edit. */
  xml: method({ params: byRef, result: domainConfigXml }),
  /** The diff defineXml would make, after the same checks (well-formed, where not: line and column; same VM; etag). Writes nothing. */
  previewXml: method({
    params: z.strictObject({ ref: domainRef, xml: z.string().min(1).max(4_000_000), etag }),
    result: z.strictObject({ diff: z.string() }),
  }),
  /**
   * Writes the VM's persistent configuration (virDomainDefineXMLFlags with VALIDATE).
   *
   * `etag` is the one domains.xml gave with the XML the change was computed from. When the
   * configuration changed meanwhile (another window, virsh) the write is refused with `conflict`
   * and nothing changes: reload and apply again. The XML must name the same VM (its `<uuid>`),
   * else `invalid-input`; XML that libvirt refuses (schema, values) is `invalid-input` with
   * libvirt's words, nothing changed. Resolves to the new etag. A running VM keeps running as it
   * is; the change applies at its next start.
   */
  defineXml: method({
    params: z.strictObject({ ref: domainRef, xml: z.string().min(1).max(4_000_000), etag }),
    result: z.strictObject({ etag }),
  }),
  /** The VM's definition as the hardware editors read it, with the running VM's XML beside it (see domain-edits.ts). */
  hardware: method({ params: byRef, result: domainHardware }),
  /**
   * What a list of editor changes would do, without doing it: the new definition, its diff,
   * and where each part takes effect (`now`, `next-boot`, or `definition` for a VM that is not
   * running). Refused as `conflict` when the configuration changed since `etag`.
   */
  previewEdit: method({ params: editParams.extend({ definitionOnly: z.boolean().optional() }), result: editPreview }),
  /**
   * Applies editor changes: to the running VM where libvirt allows (each undone again if a later
   * one is refused, so a refusal changes nothing), then to the definition, edited in place
   * (what no change names stays byte-identical). `conflict` when the configuration changed since
   * `etag`; `operation-failed` with libvirt's words when the running VM refuses a part
   * (`definitionOnly: true` applies it at the next boot instead). Resolves to the new etag.
   */
  applyEdit: method({ params: editParams.extend({ definitionOnly: z.boolean().optional() }), result: editResult }),
  /**
   * Grows a disk of the VM (by its device id in `hardware`) to `bytes`: live through QEMU while
   * the VM runs (the guest sees it at once), else through the storage pool holding it (a file in
   * no pool: `invalid-input`). Shrinking is refused.
   */
  resizeDisk: method({
    params: z.strictObject({ ref: domainRef, id: deviceId, bytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
    result: z.strictObject({ effect: editEffect }),
  }),
  /** The VM's resource controls, as defined and as running, with the host's CPUs and NUMA nodes (see domain-tuning.ts). */
  tuning: method({ params: byRef, result: tuningRead }),
  /**
   * Writes the resource controls that `tuning` names (others stay): live and persistent while
   * the VM runs, persistent only where the running VM refuses a section (said per section).
   * `conflict` when the definition changed since `etag`; a section libvirt refuses outright
   * rolls back the others and fails with its words. Resolves to the new etag.
   */
  setTuning: method({ params: setTuningParams, result: z.strictObject({ etag: z.string(), outcomes: z.array(tuningOutcome) }) }),
  /**
   * Renames the VM (virDomainRename). QEMU renames only a VM that is shut off: a running one is
   * refused with that reason, as is a name another VM has or one Virtdeck does not accept.
   */
  rename: method({ params: z.strictObject({ ref: domainRef, name: z.string().max(256) }), result: done }),
  /**
   * A new disk from a pool, as a job (its `id` names it in the jobs panel): the volume is made,
   * then added to the VM like any other device (live where it can be, and to its definition).
   * A failure or Cancel before the VM has it deletes the volume; `conflict` as for applyEdit.
   */
  addNewDisk: method({
    params: z.strictObject({
      ref: domainRef,
      etag,
      id: jobId.optional(),
      pool: objectName,
      name: objectName.regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/),
      capacityBytes: z
        .number()
        .int()
        .min(1024 * 1024)
        .max(Number.MAX_SAFE_INTEGER),
      format: z.enum(['qcow2', 'raw']),
      bus: z.enum(['virtio', 'scsi', 'sata', 'usb']),
      definitionOnly: z.boolean().optional(),
    }),
    result: editResult.extend({ volume: z.strictObject({ pool: z.string(), name: z.string(), path: z.string() }) }),
  }),
  start: method({ params: byRef, result: done }),
  /** Asks the guest to shut down (ACPI). */
  shutdown: method({ params: byRef, result: done }),
  reboot: method({ params: byRef, result: done }),
  /** Pulls the plug (virDomainDestroy). */
  forceOff: method({ params: byRef, result: done }),
  /** Presses reset (virDomainReset). */
  forceReset: method({ params: byRef, result: done }),
  pause: method({ params: byRef, result: done }),
  resume: method({ params: byRef, result: done }),
  /** Wakes a guest that suspended itself (state pmsuspended; virDomainPMWakeup). */
  wakeup: method({ params: byRef, result: done }),
  /** Saves memory to disk and stops (managed save); start restores it. */
  save: method({ params: byRef, result: done }),
  setAutostart: method({ params: z.strictObject({ ref: domainRef, autostart: z.boolean() }), result: done }),
  /** Removes the definition only (with its managed save image and snapshot metadata); disks stay. */
  undefine: method({ params: byRef, result: done }),
  sendCtrlAltDel: method({ params: byRef, result: done }),
  /** Presses a key combination in the VM (libvirt's send-key; works without a console open). */
  sendKeys: method({ params: z.strictObject({ ref: domainRef, combo: z.enum(KEY_COMBOS) }), result: done }),
  /** The VM's screen as libvirt captures it (QEMU: PNG), base64. */
  screenshot: method({ params: byRef, result: z.strictObject({ mime: z.string(), data: z.base64() }) }),
});
