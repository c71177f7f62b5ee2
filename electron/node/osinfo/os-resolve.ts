// Inheritance in osinfo-db: an OS states only what differs from the OS it derives from or
// clones. Devices follow libosinfo (the nearest statement about a device wins, so a child can
// switch one off with supported="false"); resources and firmware are taken per level from
// the nearest OS that states them for x86_64 or for "all" (`<resources inherit="true"/>`
// states nothing and so falls through to the parent, as osinfo-db means it).
import type { OsDevices, OsEntry, Resources } from './os-entry.js';
import type { OsRecord, RawResourceLevel } from './os-record.js';

const ARCH = 'x86_64';

const DEV = {
  virtioNet: ['http://pcisig.com/pci/1af4/1000', 'http://pcisig.com/pci/1af4/1041'],
  virtioBlock: ['http://pcisig.com/pci/1af4/1001', 'http://pcisig.com/pci/1af4/1042'],
  virtioBalloon: ['http://pcisig.com/pci/1af4/1002', 'http://pcisig.com/pci/1af4/1045'],
  virtioConsole: ['http://pcisig.com/pci/1af4/1003', 'http://pcisig.com/pci/1af4/1043'],
  virtioScsi: ['http://pcisig.com/pci/1af4/1004', 'http://pcisig.com/pci/1af4/1048'],
  virtioRng: ['http://pcisig.com/pci/1af4/1005', 'http://pcisig.com/pci/1af4/1044'],
  virtioGpu: ['http://pcisig.com/pci/1af4/1050'],
  virtioInput: ['http://pcisig.com/pci/1af4/1052'],
  q35: ['http://qemu.org/chipset/x86/q35'],
  usbTablet: ['http://usb.org/usb/80ee/0021'],
  usb3: ['http://pcisig.com/pci/1b36/0004'],
} as const;

// The 2022 DB has no TPM element yet; Windows 11 is the OS that refuses to install without
// one, and whatever derives from it inherits that. Newer DBs name a TPM device: honoured too.
const TPM_REQUIRED = new Set(['http://microsoft.com/win/11']);

/** The OS and its ancestors (derives-from, then clones), nearest first, each once. */
export function lineage(rec: OsRecord, byId: ReadonlyMap<string, OsRecord>): OsRecord[] {
  const out: OsRecord[] = [];
  const seen = new Set<string>();
  const queue: OsRecord[] = [rec];
  while (queue.length) {
    const r = queue.shift()!;
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
    for (const id of [...r.derivesFrom, ...r.clones]) {
      const parent = byId.get(id);
      if (parent && !seen.has(id)) queue.push(parent);
    }
  }
  return out;
}

function copyLevel(l: RawResourceLevel): Resources {
  return { ...l };
}

function resourceLevel(chain: OsRecord[], which: 'minimum' | 'recommended'): Resources | undefined {
  for (const r of chain) {
    for (const arch of [ARCH, 'all']) {
      const found = r.resources.find((x) => x.arch === arch && x[which] && Object.keys(x[which]).length);
      if (found?.[which]) return copyLevel(found[which]);
    }
  }
  return undefined;
}

// Levels are inherited separately, so a child that raises its minimum (Windows 11: 4 GiB)
// can inherit a parent's lower recommendation (Windows 10: 1 GiB): recommending less than the
// minimum is never meant, so each recommended figure is at least the minimum one.
function atLeast(recommended: Resources, minimum: Resources): Resources {
  const out: Resources = { ...recommended };
  for (const k of ['ramBytes', 'cpus', 'storageBytes'] as const) {
    const m = minimum[k];
    if (m !== undefined && (out[k] === undefined || out[k] < m)) out[k] = m;
  }
  return out;
}

function deviceSet(chain: OsRecord[]): Set<string> {
  const stated = new Map<string, boolean>();
  for (const r of chain) for (const [id, ok] of r.devices) if (!stated.has(id)) stated.set(id, ok);
  return new Set([...stated].filter(([, ok]) => ok).map(([id]) => id));
}

function devices(set: Set<string>): OsDevices {
  const has = (ids: readonly string[]) => ids.some((id) => set.has(id));
  const virtioConsole = has(DEV.virtioConsole);
  return {
    virtioNet: has(DEV.virtioNet),
    virtioBlock: has(DEV.virtioBlock),
    virtioRng: has(DEV.virtioRng),
    virtioBalloon: has(DEV.virtioBalloon),
    virtioConsole,
    virtioScsi: has(DEV.virtioScsi),
    virtioGpu: has(DEV.virtioGpu),
    virtioInput: has(DEV.virtioInput),
    qemuGuestAgent: virtioConsole,
    q35: has(DEV.q35),
    usbTablet: has(DEV.usbTablet),
    usb3: has(DEV.usb3),
  };
}

function firmwareSupport(chain: OsRecord[], type: string): boolean | undefined {
  for (const r of chain) {
    const f = r.firmware.find((x) => x.type === type && (x.arch === ARCH || x.arch === 'all'));
    if (f) return f.supported;
  }
  return undefined;
}

/** The OS with everything it inherits resolved, for x86_64. */
export function resolveEntry(rec: OsRecord, byId: ReadonlyMap<string, OsRecord>): OsEntry {
  const chain = lineage(rec, byId);
  const devs = deviceSet(chain);
  const efi = firmwareSupport(chain, 'efi') ?? false;
  const bios = firmwareSupport(chain, 'bios');
  // Trees are not inherited: their layout is a property of one release's installer.
  const tree = rec.trees.find((t) => t.arch === ARCH && t.kernel && t.initrd);
  const minimum = resourceLevel(chain, 'minimum');
  const recommended = resourceLevel(chain, 'recommended');
  const entry: OsEntry = {
    id: rec.id,
    shortId: rec.shortIds[0] ?? rec.id,
    shortIds: [...rec.shortIds],
    name: rec.name,
    family: rec.family,
    ancestors: chain.slice(1).map((r) => r.id),
    resources: {},
    devices: devices(devs),
    firmware: { efiSupported: efi, efiRequired: efi && bios === false },
    tpmRequired: chain.some((r) => TPM_REQUIRED.has(r.id)) || [...devs].some((id) => /tpm/i.test(id)),
    cloudImage: rec.cloudImage,
  };
  if (minimum) entry.resources.minimum = minimum;
  if (recommended || minimum) entry.resources.recommended = atLeast(recommended ?? {}, minimum ?? {});
  for (const k of ['vendor', 'distro', 'version', 'codename', 'releaseDate', 'eolDate'] as const) {
    const v = rec[k];
    if (v !== undefined) entry[k] = v;
  }
  if (tree?.kernel && tree.initrd) entry.installTree = { kernel: tree.kernel, initrd: tree.initrd };
  return entry;
}
