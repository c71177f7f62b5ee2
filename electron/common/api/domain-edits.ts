// What the VM details editors send: a list of changes to one VM, each small and typed, that the
// backend applies to the VM's own XML in place (so whatever no change names stays
// byte-identical) and, while the VM runs, also to the running VM where libvirt allows.
// `domains.previewEdit` says what a list of changes would do before `domains.applyEdit` does it.
import { z } from 'zod';
import { domainRef } from './refs.js';

/** A property value as the XML model holds it; null clears the property (removes what it made). */
export const propValue = z.union([z.string().max(65_536), z.number().finite(), z.boolean(), z.array(z.string().max(4096)).max(64)]).nullable();
export type PropValue = z.infer<typeof propValue>;

/** Property name → new value, by the model's property names (`cpuMode`, `driverCache`, …). */
const propSet = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/), propValue).refine((s) => Object.keys(s).length > 0, 'names no property');

/** A device by its stable identity, as `domains.details` lists it (`disk/address/…`, `interface/alias/net0`). */
export const deviceId = z.string().min(3).max(512);

const kib = z
  .number()
  .int()
  .positive()
  .max(2 ** 50);
const vcpuCount = z.number().int().min(1).max(4096);

export const domainChange = z.discriminatedUnion('kind', [
  /** Domain-level properties (title, description, cpuMode, kernel, bootMenu, onCrash, …). */
  z.strictObject({ kind: z.literal('domain'), set: propSet }),
  /** Memory: the current allocation (balloon) and the maximum, in KiB. */
  z.strictObject({ kind: z.literal('memory'), currentKiB: kib, maxKiB: kib }),
  /** vCPUs: how many are online, and the maximum the VM may have. */
  z.strictObject({ kind: z.literal('vcpus'), current: vcpuCount, max: vcpuCount }),
  /** Properties of one device. */
  z.strictObject({ kind: z.literal('device'), id: deviceId, set: propSet }),
  /** A new device of a kind (`disk`, `interface`, …) with its properties. */
  z.strictObject({
    kind: z.literal('addDevice'),
    device: z.string().regex(/^[a-z]{2,16}$/),
    attributes: z.record(z.string().regex(/^[a-z]{1,32}$/), z.string().max(256)).optional(),
    set: propSet,
  }),
  /** Removes one device. */
  z.strictObject({ kind: z.literal('removeDevice'), id: deviceId }),
  /** The OS the VM runs (libosinfo's id, e.g. `http://debian.org/debian/12`; null: none), kept in its metadata. */
  z.strictObject({ kind: z.literal('osinfo'), id: z.string().url().max(256).nullable() }),
  /** The boot order: the devices that boot, first to last (each gets `<boot order='N'/>`; the others none). */
  z.strictObject({ kind: z.literal('bootOrder'), ids: z.array(deviceId).max(64) }),
]);
export type DomainChange = z.infer<typeof domainChange>;

export const editParams = z.strictObject({
  ref: domainRef,
  /** The etag of the configuration the changes were computed from (`domains.xml`). */
  etag: z.string().regex(/^[0-9a-f]{64}$/),
  changes: z.array(domainChange).min(1).max(64),
});
export type EditParams = z.infer<typeof editParams>;

/**
 * Where a change takes effect: `now` (the running VM and its definition), `next-boot` (the
 * definition only; the running VM keeps the old value until it is shut down and started), or
 * `definition` (the VM is not running: its definition is all there is).
 */
export const editEffect = z.enum(['now', 'next-boot', 'definition']);
export type EditEffect = z.infer<typeof editEffect>;

export const changeOutcome = z.strictObject({
  /** Index of the change in the request. */
  change: z.number().int().min(0),
  /** What part of the change this is about (`current`, `max`, a property name, or `device`). */
  part: z.string(),
  effect: editEffect,
  /** Why a part cannot apply now, as a message id of the catalog with its parameters. */
  reason: z.strictObject({ messageId: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
});
export type ChangeOutcome = z.infer<typeof changeOutcome>;

export const editPreview = z.strictObject({
  /** The definition after the changes. */
  xml: z.string(),
  /** A unified diff of the definition, before → after (a few lines of context). */
  diff: z.string(),
  outcomes: z.array(changeOutcome),
});
export type EditPreview = z.infer<typeof editPreview>;

export const editResult = z.strictObject({
  /** The new configuration's etag, for the next edit. */
  etag: z.string(),
  diff: z.string(),
  outcomes: z.array(changeOutcome),
});
export type EditResult = z.infer<typeof editResult>;

/** A value as read from the model: like `propValue` without null (an absent property is left out). */
const readValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const hardwareDevice = z.strictObject({
  /** Stable identity within the definition (what changes name). */
  id: deviceId,
  /** The element name under <devices>: disk, interface, graphics, … */
  kind: z.string(),
  /** Every property the model maps for this kind that the definition sets. */
  props: z.record(z.string(), readValue),
  /** The device's own XML in the definition, for what no property shows. */
  xml: z.string(),
  /** Whether the running VM has this device (undefined while the VM is not running). */
  live: z.boolean().optional(),
});
export type HardwareDevice = z.infer<typeof hardwareDevice>;

/** A VM's definition as the hardware editors read it: one XML fetch (two while it runs). */
export const domainHardware = z.strictObject({
  /** The definition (inactive XML with secrets) and its etag, the base of every edit. */
  xml: z.string(),
  etag: z.string(),
  /** The domain-level properties the definition sets. */
  domain: z.record(z.string(), readValue),
  /** Devices in the definition's order. */
  devices: z.array(hardwareDevice),
  /** The OS the definition names (libosinfo's id). */
  osinfoId: z.string().optional(),
  /** The QEMU guest agent: none (no channel), or whether it answers in the running VM. */
  agent: z.enum(['none', 'configured', 'connected', 'disconnected']),
  /** The running VM's XML, read-only beside the definition (absent when not running). */
  liveXml: z.string().optional(),
  /** The definition differs from the running VM in what the editors change: it takes effect at the next start. */
  pendingRestart: z.boolean(),
  /** What waits for the restart, by property (`memory`, `cpuMode`, `<device id>:<property>`, `+<id>` added, `-<id>` removed). */
  pending: z.array(z.string()).optional(),
});
export type DomainHardware = z.infer<typeof domainHardware>;
