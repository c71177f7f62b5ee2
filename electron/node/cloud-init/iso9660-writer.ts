// A minimal ISO9660 writer for NoCloud seeds: one root directory, a few small files, and a
// Joliet tree so "user-data" and "meta-data" keep their names (plain ISO9660 allows only
// upper-case 8.3 names; Linux's isofs and Windows read Joliet when it is there). It exists so
// the user's machine needs no genisoimage; npm has no maintained ISO9660 writer.
//
// Layout, 2048-byte sectors: 0-15 system area, 16 primary descriptor, 17 Joliet descriptor,
// 18 terminator, 19-22 path tables (primary L/M, Joliet L/M), 23 primary root directory,
// 24 Joliet root directory, then each file's data from the next sector on.
import { msg } from '../../common/messages/messages.js';
import { CloudInitInputError } from './validate.js';

const SECTOR = 2048;
const FIRST_DATA = 25;

export interface IsoFile {
  name: string;
  data: Buffer;
}

export interface IsoOptions {
  /** Recorded as every file's and the volume's date (default: now). */
  date?: Date;
  /** The ISO9660 system identifier (default LINUX, as genisoimage writes it). */
  systemId?: string;
  applicationId?: string;
}

function bothU16(buf: Buffer, off: number, v: number): void {
  buf.writeUInt16LE(v, off);
  buf.writeUInt16BE(v, off + 2);
}

function bothU32(buf: Buffer, off: number, v: number): void {
  buf.writeUInt32LE(v, off);
  buf.writeUInt32BE(v, off + 4);
}

/** ECMA-119 9.1.5: seven bytes, years since 1900 and a GMT offset in 15-minute steps (0: UTC). */
function recordDate(d: Date): Buffer {
  return Buffer.from([d.getUTCFullYear() - 1900, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0]);
}

/** ECMA-119 8.4.26.1: "YYYYMMDDHHMMSScc" and a GMT offset byte. */
function volumeDate(d: Date | null): Buffer {
  const out = Buffer.alloc(17, 0);
  const digits = d ? d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + String(Math.floor(d.getUTCMilliseconds() / 10)).padStart(2, '0') : '0000000000000000';
  out.write(digits, 0, 'latin1');
  return out;
}

const padAscii = (s: string, len: number) => Buffer.from(s.padEnd(len, ' ').slice(0, len), 'latin1');

/** UCS-2 big-endian, padded with UCS-2 spaces to len bytes (Joliet's text fields). */
function padUcs2(s: string, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i + 1 < len; i += 2) out.writeUInt16BE(0x0020, i);
  ucs2(s).copy(out, 0, 0, Math.min(len, s.length * 2));
  return out;
}

function ucs2(s: string): Buffer {
  const out = Buffer.alloc(s.length * 2);
  for (let i = 0; i < s.length; i++) out.writeUInt16BE(s.charCodeAt(i), i * 2);
  return out;
}

interface Entry {
  id: Buffer;
  sector: number;
  size: number;
  dir: boolean;
}

function directoryRecord(e: Entry, date: Buffer): Buffer {
  const len = 33 + e.id.length + (e.id.length % 2 === 0 ? 1 : 0);
  const r = Buffer.alloc(len);
  r[0] = len;
  bothU32(r, 2, e.sector);
  bothU32(r, 10, e.size);
  date.copy(r, 18);
  r[25] = e.dir ? 2 : 0;
  bothU16(r, 28, 1);
  r[32] = e.id.length;
  e.id.copy(r, 33);
  return r;
}

function directory(self: number, files: Entry[], date: Buffer): Buffer {
  const records = [
    directoryRecord({ id: Buffer.from([0]), sector: self, size: SECTOR, dir: true }, date),
    directoryRecord({ id: Buffer.from([1]), sector: self, size: SECTOR, dir: true }, date),
    ...files.map((f) => directoryRecord(f, date)),
  ];
  const body = Buffer.concat(records);
  // Records may not cross a sector; a seed has a handful of files, so one sector is the limit.
  if (body.length > SECTOR) throw new CloudInitInputError('files', msg('cloudInit.seed.directoryFull'));
  const out = Buffer.alloc(SECTOR);
  body.copy(out);
  return out;
}

function pathTable(rootSector: number, bigEndian: boolean): Buffer {
  const t = Buffer.alloc(SECTOR);
  t[0] = 1; // identifier length (the root's is one zero byte)
  if (bigEndian) t.writeUInt32BE(rootSector, 2);
  else t.writeUInt32LE(rootSector, 2);
  if (bigEndian) t.writeUInt16BE(1, 6);
  else t.writeUInt16LE(1, 6);
  return t;
}
const PATH_TABLE_SIZE = 10;

function volumeDescriptor(
  kind: 'primary' | 'joliet',
  o: { volumeId: string; systemId: string; applicationId: string; totalSectors: number; lTable: number; mTable: number; root: Entry; date: Date },
): Buffer {
  const d = Buffer.alloc(SECTOR);
  const joliet = kind === 'joliet';
  d[0] = joliet ? 2 : 1;
  d.write('CD001', 1, 'latin1');
  d[6] = 1;
  const text = (s: string, len: number) => (joliet ? padUcs2(s, len) : padAscii(s, len));
  text(o.systemId, 32).copy(d, 8);
  text(o.volumeId, 32).copy(d, 40);
  bothU32(d, 80, o.totalSectors);
  if (joliet) Buffer.from([0x25, 0x2f, 0x45]).copy(d, 88); // %/E: UCS-2 level 3
  bothU16(d, 120, 1);
  bothU16(d, 124, 1);
  bothU16(d, 128, SECTOR);
  bothU32(d, 132, PATH_TABLE_SIZE);
  d.writeUInt32LE(o.lTable, 140);
  d.writeUInt32BE(o.mTable, 148);
  directoryRecord(o.root, recordDate(o.date)).copy(d, 156);
  text('', 128).copy(d, 190); // volume set
  text('', 128).copy(d, 318); // publisher
  text('', 128).copy(d, 446); // data preparer
  text(o.applicationId, 128).copy(d, 574);
  text('', 37).copy(d, 702);
  text('', 37).copy(d, 739);
  text('', 37).copy(d, 776);
  volumeDate(o.date).copy(d, 813);
  volumeDate(o.date).copy(d, 830);
  volumeDate(null).copy(d, 847);
  volumeDate(null).copy(d, 864);
  d[881] = 1;
  return d;
}

/** ISO9660 level-1 names: upper-case d-characters, 8.3, ";1" version; made unique. */
function primaryNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    const dot = n.lastIndexOf('.');
    const clean = (s: string) => s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    const base = clean(dot > 0 ? n.slice(0, dot) : n).slice(0, 8) || '_';
    const ext = clean(dot > 0 ? n.slice(dot + 1) : '').slice(0, 3);
    let name = base;
    for (let i = 1; used.has(`${name}.${ext}`); i++) name = base.slice(0, 8 - String(i).length) + String(i);
    used.add(`${name}.${ext}`);
    return `${name}.${ext};1`;
  });
}

const JOLIET_NAME = /^[^\0-\x1f/\\:*?";<>|]{1,64}$/;

/**
 * An ISO9660 image with a Joliet tree holding the files at its root. Names: up to 64
 * characters, none of / \ : * ? " ; < > | or control characters.
 */
export function writeIso(files: IsoFile[], volumeId: string, options: IsoOptions = {}): Buffer {
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(volumeId)) {
    throw new CloudInitInputError('volumeId', msg('cloudInit.seed.volumeId'));
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (!JOLIET_NAME.test(f.name) || f.name === '.' || f.name === '..') {
      throw new CloudInitInputError('files', msg('cloudInit.seed.fileName', { name: f.name.replace(/[\0-\x1f]/g, '?') }));
    }
    if (seen.has(f.name)) throw new CloudInitInputError('files', msg('cloudInit.seed.fileTwice', { name: f.name }));
    seen.add(f.name);
  }
  const date = options.date ?? new Date();
  const rdate = recordDate(date);

  // Data extents in the order given; a file of zero bytes takes no sector (extent 0, as mkisofs does).
  let next = FIRST_DATA;
  const placed = files.map((f) => {
    const sector = f.data.length ? next : 0;
    next += Math.ceil(f.data.length / SECTOR);
    return { ...f, sector };
  });
  const totalSectors = next;

  const pNames = primaryNames(files.map((f) => f.name));
  // Directory records are sorted by identifier (ECMA-119 9.3).
  const primary = placed.map((f, i) => ({ id: Buffer.from(pNames[i]!, 'latin1'), sector: f.sector, size: f.data.length, dir: false })).sort((a, b) => Buffer.compare(a.id, b.id));
  const joliet = placed.map((f) => ({ id: ucs2(f.name), sector: f.sector, size: f.data.length, dir: false })).sort((a, b) => Buffer.compare(a.id, b.id));

  const common = {
    volumeId,
    systemId: options.systemId ?? 'LINUX',
    applicationId: options.applicationId ?? '',
    totalSectors,
    date,
  };
  const image = Buffer.alloc(totalSectors * SECTOR);
  volumeDescriptor('primary', { ...common, lTable: 19, mTable: 20, root: { id: Buffer.from([0]), sector: 23, size: SECTOR, dir: true } }).copy(image, 16 * SECTOR);
  volumeDescriptor('joliet', { ...common, lTable: 21, mTable: 22, root: { id: Buffer.from([0]), sector: 24, size: SECTOR, dir: true } }).copy(image, 17 * SECTOR);
  const terminator = Buffer.alloc(SECTOR);
  terminator[0] = 255;
  terminator.write('CD001', 1, 'latin1');
  terminator[6] = 1;
  terminator.copy(image, 18 * SECTOR);
  pathTable(23, false).copy(image, 19 * SECTOR);
  pathTable(23, true).copy(image, 20 * SECTOR);
  pathTable(24, false).copy(image, 21 * SECTOR);
  pathTable(24, true).copy(image, 22 * SECTOR);
  directory(23, primary, rdate).copy(image, 23 * SECTOR);
  directory(24, joliet, rdate).copy(image, 24 * SECTOR);
  for (const f of placed) f.data.copy(image, f.sector * SECTOR);
  return image;
}
