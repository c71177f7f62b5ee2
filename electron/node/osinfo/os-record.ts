// One osinfo-db OS file read into a flat record, before inheritance. Only the default-language
// texts are kept; translations are cut out before parsing because they are most of each file
// and nothing here shows them.
import { xmlParser } from '../domains/domain-xml.js';

export interface RawResources {
  arch: string;
  minimum?: RawResourceLevel;
  recommended?: RawResourceLevel;
}
export interface RawResourceLevel {
  ramBytes?: number;
  cpus?: number;
  storageBytes?: number;
}

export interface RawMedia {
  arch: string;
  volumeId?: string;
  systemId?: string;
  publisherId?: string;
  applicationId?: string;
  volumeSize?: number;
  kernel?: string;
  initrd?: string;
  live: boolean;
}

export interface OsRecord {
  id: string;
  shortIds: string[];
  name: string;
  family: string;
  vendor?: string;
  distro?: string;
  version?: string;
  codename?: string;
  releaseDate?: string;
  eolDate?: string;
  derivesFrom: string[];
  clones: string[];
  resources: RawResources[];
  /** Device id → supported, as this file states it. */
  devices: Map<string, boolean>;
  firmware: { arch: string; type: string; supported: boolean }[];
  media: RawMedia[];
  trees: { arch: string; kernel?: string; initrd?: string }[];
  cloudImage: boolean;
}

const ARRAYS = new Set([
  'os', 'short-id', 'derives-from', 'clones', 'resources', 'device', 'firmware', 'media', 'tree', 'image',
]);

// Variants and installer scripts are not used; skipping them keeps parsing cheap.
const parser = xmlParser((name) => ARRAYS.has(name), { stopNodes: ['*.variant', '*.installer'] });

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(obj) : v === undefined ? [] : [obj(v)]);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** Decodes the five XML entities and numeric character references. */
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|apos|amp);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e]!;
  });
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return decodeXml(v).trim();
  if (Array.isArray(v)) return text(v[0]);
  if (v && typeof v === 'object' && '#text' in v) return text((v as Node)['#text']);
  return undefined;
}

/** An attribute's value (attributes parse to strings), or the fallback when it is missing. */
const attr = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

function num(v: unknown): number | undefined {
  const t = text(v);
  if (t === undefined || !/^\d+$/.test(t)) return undefined;
  return Number(t);
}

// Localized <name xml:lang="…">…</name> and the like, variants and comments are most of each
// file and nothing here reads them: dropped before parsing (it halves the load time).
const UNUSED = /<([a-z-]+) xml:lang="[^"]*">[^<]*<\/\1>|<variant id="[^"]*">[\s\S]*?<\/variant>|<!--[\s\S]*?-->/g;

function level(v: unknown): RawResourceLevel | undefined {
  if (v === undefined) return undefined;
  const n = obj(v);
  const out: RawResourceLevel = {};
  const ram = num(n.ram);
  const cpus = num(n['n-cpus']);
  const storage = num(n.storage);
  if (ram !== undefined) out.ramBytes = ram;
  if (cpus !== undefined) out.cpus = cpus;
  if (storage !== undefined) out.storageBytes = storage;
  return out;
}

/** The OS records in one osinfo-db file (normally exactly one). */
export function parseOsFile(xml: string): OsRecord[] {
  const root = obj(obj(parser.parse(xml.replace(UNUSED, ''))).libosinfo);
  return list(root.os).flatMap((os): OsRecord[] => {
    const id = typeof os.id === 'string' ? decodeXml(os.id) : undefined;
    const name = text(os.name);
    if (!id || !name) return [];
    const devices = new Map<string, boolean>();
    for (const d of list(obj(os.devices).device)) {
      if (typeof d.id === 'string') devices.set(decodeXml(d.id), d.supported !== 'false');
    }
    return [
      {
        id,
        shortIds: (Array.isArray(os['short-id']) ? (os['short-id'] as unknown[]) : [])
          .map(text)
          .filter((s): s is string => !!s),
        name,
        family: text(os.family) ?? 'unknown',
        vendor: text(os.vendor),
        distro: text(os.distro),
        version: text(os.version),
        codename: text(os.codename),
        releaseDate: text(os['release-date']),
        eolDate: text(os['eol-date']),
        derivesFrom: list(os['derives-from']).map((n) => attr(n.id, '')).filter(Boolean).map(decodeXml),
        clones: list(os.clones).map((n) => attr(n.id, '')).filter(Boolean).map(decodeXml),
        resources: list(os.resources).map((r) => ({
          arch: attr(r.arch, 'all'),
          minimum: level(r.minimum),
          recommended: level(r.recommended),
        })),
        devices,
        firmware: list(os.firmware).map((f) => ({
          arch: attr(f.arch, 'all'),
          type: attr(f.type, ''),
          supported: f.supported !== 'false',
        })),
        media: list(os.media).map((m) => {
          const iso = obj(m.iso);
          return {
            arch: attr(m.arch, 'all'),
            volumeId: text(iso['volume-id']),
            systemId: text(iso['system-id']),
            publisherId: text(iso['publisher-id']),
            applicationId: text(iso['application-id']),
            volumeSize: num(iso['volume-size']),
            kernel: text(m.kernel),
            initrd: text(m.initrd),
            live: m.live === 'true',
          };
        }),
        trees: list(os.tree).map((t) => ({ arch: attr(t.arch, 'all'), kernel: text(t.kernel), initrd: text(t.initrd) })),
        cloudImage: list(os.image).some((i) => i['cloud-init'] === 'true'),
      },
    ];
  });
}
