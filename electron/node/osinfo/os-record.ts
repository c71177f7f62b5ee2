// One osinfo-db OS file read into a flat record, before inheritance, through the XML layer's
// document (osinfo records have no typed model: nothing edits them). Only the default-language
// texts are kept.
import { XmlDocument, type XmlElement } from '../xml/document.js';

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

/** The text of an element, trimmed; undefined when there is no such element. */
function text(e: XmlElement | undefined): string | undefined {
  return e ? e.text.trim() : undefined;
}

function num(e: XmlElement | undefined): number | undefined {
  const t = text(e);
  if (t === undefined || !/^\d+$/.test(t)) return undefined;
  return Number(t);
}

// Translations (<name xml:lang="de">…) are skipped: only the default-language text is kept.
function own(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.elements(name).find((e) => !e.hasAttr('xml:lang'));
}

function level(e: XmlElement | undefined): RawResourceLevel | undefined {
  if (!e) return undefined;
  const out: RawResourceLevel = {};
  const ram = num(e.element('ram'));
  const cpus = num(e.element('n-cpus'));
  const storage = num(e.element('storage'));
  if (ram !== undefined) out.ramBytes = ram;
  if (cpus !== undefined) out.cpus = cpus;
  if (storage !== undefined) out.storageBytes = storage;
  return out;
}

const ids = (parent: XmlElement, name: string): string[] =>
  parent
    .elements(name)
    .map((e) => e.attr('id') ?? '')
    .filter(Boolean);

/** The OS records in one osinfo-db file (normally exactly one). */
export function parseOsFile(xml: string): OsRecord[] {
  const root = XmlDocument.parse(xml).root;
  if (root.name !== 'libosinfo') return [];
  return root.elements('os').flatMap((os): OsRecord[] => {
    const id = os.attr('id');
    const name = text(own(os, 'name'));
    if (!id || !name) return [];
    const devices = new Map<string, boolean>();
    for (const d of os.element('devices')?.elements('device') ?? []) {
      const dev = d.attr('id');
      if (dev) devices.set(dev, d.attr('supported') !== 'false');
    }
    return [
      {
        id,
        shortIds: os
          .elements('short-id')
          .map(text)
          .filter((s): s is string => !!s),
        name,
        family: text(own(os, 'family')) ?? 'unknown',
        vendor: text(own(os, 'vendor')),
        distro: text(own(os, 'distro')),
        version: text(own(os, 'version')),
        codename: text(own(os, 'codename')),
        releaseDate: text(own(os, 'release-date')),
        eolDate: text(own(os, 'eol-date')),
        derivesFrom: ids(os, 'derives-from'),
        clones: ids(os, 'clones'),
        resources: os.elements('resources').map((r) => ({
          arch: r.attr('arch') ?? 'all',
          minimum: level(r.element('minimum')),
          recommended: level(r.element('recommended')),
        })),
        devices,
        firmware: os.elements('firmware').map((f) => ({
          arch: f.attr('arch') ?? 'all',
          type: f.attr('type') ?? '',
          supported: f.attr('supported') !== 'false',
        })),
        media: os.elements('media').map((m) => {
          const iso = m.element('iso');
          return {
            arch: m.attr('arch') ?? 'all',
            volumeId: text(iso?.element('volume-id')),
            systemId: text(iso?.element('system-id')),
            publisherId: text(iso?.element('publisher-id')),
            applicationId: text(iso?.element('application-id')),
            volumeSize: num(iso?.element('volume-size')),
            kernel: text(m.element('kernel')),
            initrd: text(m.element('initrd')),
            live: m.attr('live') === 'true',
          };
        }),
        trees: os.elements('tree').map((t) => ({ arch: t.attr('arch') ?? 'all', kernel: text(t.element('kernel')), initrd: text(t.element('initrd')) })),
        cloudImage: os.elements('image').some((i) => i.attr('cloud-init') === 'true'),
      },
    ];
  });
}
