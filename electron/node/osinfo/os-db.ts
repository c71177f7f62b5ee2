// The system's osinfo-db, read once per directory and kept in memory. Reading all ~800 OS
// files costs a few hundred milliseconds; they are parsed in batches that yield to the event
// loop so consoles and RPC keep flowing while the wizard's first open loads it. Entries are
// resolved (inheritance applied) on first use.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bestRule, compileRules, type CompiledRule } from './media-match.js';
import type { IsoVolumeDescriptor, MediaMatch, OsEntry } from './os-entry.js';
import { parseOsFile, type OsRecord } from './os-record.js';
import { resolveEntry } from './os-resolve.js';
import { searchEntries, searchItem, type SearchItem } from './os-search.js';

/** libosinfo's default system location; OSINFO_SYSTEM_DIR overrides it as it does for libosinfo. */
export const DEFAULT_OSINFO_DIR = process.env.OSINFO_SYSTEM_DIR ?? '/usr/share/osinfo';

export interface OsDb {
  /** The directory the DB was read from. */
  readonly dir: string;
  /** How many OSes it holds. */
  readonly size: number;
  /** By full id (http://debian.org/debian/11) or any short id (debian11, debianbullseye). */
  get(idOrShortId: string): OsEntry | undefined;
  /** By words in the name, short id or version; exact short id first, then newest first, end-of-life ones last. */
  search(text: string, limit?: number): OsEntry[];
  /** The OS whose install media rules match the ISO's volume descriptor, or null. */
  detectIsoHeader(pvd: IsoVolumeDescriptor, arch?: string): OsEntry | null;
  /** Like detectIsoHeader, with the matched medium (arch, kernel and initrd paths inside the ISO). */
  detectIsoMedia(pvd: IsoVolumeDescriptor, arch?: string): MediaMatch | null;
  /** Defaults for an OS nothing matched: osinfo's newest generic Linux entry (linux2022 here). */
  genericLinux(): OsEntry;
}

const BATCH = 40;

async function osFiles(dir: string): Promise<string[]> {
  const osDir = join(dir, 'os');
  const vendors = await readdir(osDir, { withFileTypes: true });
  const files: string[] = [];
  for (const v of vendors) {
    if (!v.isDirectory()) continue;
    // Only os/<vendor>/*.xml: the *.d folders beside them hold driver lists, not OSes.
    for (const f of await readdir(join(osDir, v.name), { withFileTypes: true })) {
      if (f.isFile() && f.name.endsWith('.xml')) files.push(join(osDir, v.name, f.name));
    }
  }
  return files.sort();
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function readRecords(dir: string): Promise<OsRecord[]> {
  let files: string[];
  try {
    files = await osFiles(dir);
  } catch (err) {
    throw new Error(`Cannot read the OS database in ${dir}: ${(err as Error).message}. Install the osinfo-db package (apt-get install osinfo-db).`, { cause: err });
  }
  const records: OsRecord[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const texts = await Promise.all(batch.map((f) => readFile(f, 'utf8')));
    texts.forEach((t, k) => {
      try {
        records.push(...parseOsFile(t));
      } catch (err) {
        // One malformed file must not hide every other OS; it is named in the log.
        console.warn(`osinfo: skipped ${batch[k]}: ${(err as Error).message}`);
      }
    });
    await yieldToLoop();
  }
  if (!records.length) {
    throw new Error(`The OS database in ${dir} holds no operating systems. Install the osinfo-db package (apt-get install osinfo-db).`);
  }
  return records;
}

// What the DB offers when nothing is known: newest first. linux2022 exists in the 2022 DB.
const GENERIC_LINUX = /^http:\/\/libosinfo\.org\/linux\/(\d{4})$/;

class LoadedOsDb implements OsDb {
  readonly #byId = new Map<string, OsRecord>();
  readonly #byShortId = new Map<string, OsRecord>();
  readonly #resolved = new Map<string, OsEntry>();
  #items: SearchItem[] | undefined;
  #rules: CompiledRule[] | undefined;
  #generic: OsEntry | undefined;

  constructor(
    readonly dir: string,
    records: OsRecord[],
  ) {
    for (const r of records) {
      this.#byId.set(r.id, r);
      for (const s of r.shortIds) if (!this.#byShortId.has(s)) this.#byShortId.set(s, r);
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  #entry(rec: OsRecord): OsEntry {
    let e = this.#resolved.get(rec.id);
    if (!e) {
      e = resolveEntry(rec, this.#byId);
      this.#resolved.set(rec.id, e);
    }
    return e;
  }

  get(idOrShortId: string): OsEntry | undefined {
    const rec = this.#byId.get(idOrShortId) ?? this.#byShortId.get(idOrShortId);
    return rec && this.#entry(rec);
  }

  search(text: string, limit = 20): OsEntry[] {
    this.#items ??= [...this.#byId.values()].map((r) => searchItem(this.#entry(r)));
    return searchEntries(this.#items, text, limit, new Date().toISOString().slice(0, 10));
  }

  detectIsoMedia(pvd: IsoVolumeDescriptor, arch?: string): MediaMatch | null {
    this.#rules ??= compileRules(this.#byId.values()).rules;
    const rule = bestRule(this.#rules, pvd, arch);
    if (!rule) return null;
    const match: MediaMatch = { os: this.#entry(rule.os), arch: rule.media.arch, live: rule.media.live };
    if (rule.media.kernel) match.kernel = rule.media.kernel;
    if (rule.media.initrd) match.initrd = rule.media.initrd;
    return match;
  }

  detectIsoHeader(pvd: IsoVolumeDescriptor, arch?: string): OsEntry | null {
    return this.detectIsoMedia(pvd, arch)?.os ?? null;
  }

  genericLinux(): OsEntry {
    if (!this.#generic) {
      const generic = [...this.#byId.values()].filter((r) => GENERIC_LINUX.test(r.id)).sort((a, b) => (a.id < b.id ? 1 : -1))[0];
      // A DB without libosinfo's generic entries: the newest Linux it knows stands in.
      const fallback = [...this.#byId.values()].filter((r) => r.family === 'linux' && r.releaseDate).sort((a, b) => (a.releaseDate! < b.releaseDate! ? 1 : -1))[0];
      const rec = generic ?? fallback;
      if (!rec) throw new Error(`The OS database in ${this.dir} has no Linux entry to take defaults from.`);
      this.#generic = this.#entry(rec);
    }
    return this.#generic;
  }
}

const cache = new Map<string, Promise<OsDb>>();

/** Loads (once per directory) the osinfo-db found in dir. */
export function loadOsDb(dir: string = DEFAULT_OSINFO_DIR): Promise<OsDb> {
  let p = cache.get(dir);
  if (!p) {
    p = readRecords(dir).then((records) => new LoadedOsDb(dir, records));
    // A failed load is not cached: installing the package and retrying must work.
    p.catch(() => cache.delete(dir));
    cache.set(dir, p);
  }
  return p;
}
