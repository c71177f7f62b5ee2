// The wizard's OS catalog over the system's osinfo-db (electron/node/osinfo): search by name,
// detection from an ISO's volume descriptor (a pool's volume through libvirt's download of
// its header, or on a local host the file), and osinfo's entries turned into profiles.
import { readIsoFileHeader, readIsoVolumeHeader, type OsDb, type OsEntry } from '../osinfo/index.js';
import type { OsCatalog } from './os-catalog.js';
import { GENERIC, type OsProfile } from './os-profile.js';
import { inSomePool } from './storage.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function resources(r: OsEntry['resources']['minimum']): OsProfile['minimum'] {
  return {
    ...(r?.ramBytes ? { memoryMiB: Math.round(r.ramBytes / MiB) } : {}),
    ...(r?.cpus ? { vcpus: r.cpus } : {}),
    ...(r?.storageBytes ? { storageGiB: Math.ceil(r.storageBytes / GiB) } : {}),
  };
}

export function profileOf(e: OsEntry): OsProfile {
  const minimum = resources(e.resources.minimum);
  const recommended = { ...minimum, ...resources(e.resources.recommended) };
  return {
    id: e.id,
    shortId: e.shortId,
    name: e.name,
    family: e.family,
    recommended,
    minimum,
    efiRequired: e.firmware.efiRequired,
    efiSupported: e.firmware.efiSupported,
    tpmRequired: e.tpmRequired,
    ...(e.installTree ? { installTree: e.installTree } : {}),
    devices: {
      virtioNet: e.devices.virtioNet,
      virtioBlock: e.devices.virtioBlock,
      virtioRng: e.devices.virtioRng,
      virtioBalloon: e.devices.virtioBalloon,
      qemuGuestAgent: e.devices.qemuGuestAgent,
      q35: e.devices.q35,
      usbTablet: e.devices.usbTablet,
    },
  };
}

export function osinfoCatalog(db: OsDb): OsCatalog {
  return {
    get: (id) => {
      if (id === GENERIC.id || id === GENERIC.shortId) return GENERIC;
      const e = db.get(id);
      return e ? profileOf(e) : undefined;
    },
    search: (text, limit = 30) => {
      const t = text.trim();
      // With nothing typed: the generic choices, then osinfo's newest OSes.
      const generic = [profileOf(db.genericLinux()), GENERIC];
      const found = db.search(t, limit).map(profileOf);
      const head = t ? generic.filter((g) => g.name.toLowerCase().includes(t.toLowerCase()) || g.shortId.includes(t.toLowerCase())) : generic;
      const ids = new Set(head.map((g) => g.id));
      return [...head, ...found.filter((f) => !ids.has(f.id))].slice(0, limit);
    },
    detect: async (conn, path, local) => {
      let pvd = null;
      const vol = await inSomePool(conn, path);
      if (vol) pvd = await readIsoVolumeHeader(vol);
      else if (local) pvd = await readIsoFileHeader(path).catch(() => null);
      if (!pvd) return null;
      const e = db.detectIsoHeader(pvd, 'x86_64');
      return e ? profileOf(e) : null;
    },
  };
}
