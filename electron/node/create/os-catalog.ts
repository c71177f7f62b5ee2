// Where the wizard's OS facts come from. Built in: the generic profiles; the osinfo-db
// reader (electron/node/osinfo) plugs in behind the same interface.
import type * as libvirt from 'virtdeck/native';
import { BUILTIN_PROFILES, GENERIC, GENERIC_LINUX, type OsProfile } from './os-profile.js';

export interface OsCatalog {
  get(idOrShortId: string): OsProfile | undefined;
  search(text: string, limit?: number): OsProfile[];
  /** The OS on install media at `path` on the connection's host; null when unknown. */
  detect(conn: libvirt.Connection, path: string, local: boolean): Promise<OsProfile | null>;
}

export const builtinCatalog: OsCatalog = {
  get: (id) => BUILTIN_PROFILES.find((p) => p.id === id || p.shortId === id),
  search: (text, limit = 20) => {
    const t = text.trim().toLowerCase();
    return BUILTIN_PROFILES.filter((p) => !t || p.name.toLowerCase().includes(t) || p.shortId.includes(t)).slice(0, limit);
  },
  detect: async () => null,
};

/** The profile for a spec's os, falling back to generic Linux (the wizard's default for unknown media). */
export function resolveOs(catalog: OsCatalog, id: string): OsProfile {
  if (id === 'generic') return GENERIC;
  return catalog.get(id) ?? GENERIC_LINUX;
}
