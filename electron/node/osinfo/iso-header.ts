// Reading an ISO9660 image's Primary Volume Descriptor (sector 16) and nothing else, so OS
// detection of a multi-gigabyte ISO reads 2 KiB of it, locally or through libvirt's volume
// download on a remote host.
import { open } from 'node:fs/promises';
import type * as libvirt from 'virtdeck/native';
import type { IsoVolumeDescriptor } from './os-entry.js';

export type ByteReader = (offset: number, length: number) => Promise<Buffer>;

const SECTOR = 2048;
const PVD_OFFSET = 16 * SECTOR;
/** How far a reader must reach for the descriptor: sectors 0..16 inclusive (34 KiB). */
export const ISO_HEADER_BYTES = PVD_OFFSET + SECTOR;

// ECMA-119 8.4: a-characters and d-characters, space padded; trailing spaces are padding.
const field = (b: Buffer, start: number, len: number) =>
  b
    .subarray(start, start + len)
    .toString('latin1')
    .replace(/[\s\0]+$/, '');

/** Parses a 2048-byte Primary Volume Descriptor; null when it is not one. */
export function parsePrimaryVolumeDescriptor(sector: Buffer): IsoVolumeDescriptor | null {
  if (sector.length < SECTOR) return null;
  // Type 1, "CD001", version 1.
  if (sector[0] !== 1 || sector.toString('latin1', 1, 6) !== 'CD001' || sector[6] !== 1) return null;
  const blocks = sector.readUInt32LE(80);
  const blockSize = sector.readUInt16LE(128);
  return {
    systemId: field(sector, 8, 32),
    volumeId: field(sector, 40, 32),
    publisherId: field(sector, 318, 128),
    applicationId: field(sector, 574, 128),
    volumeSize: blocks * blockSize,
  };
}

/** The Primary Volume Descriptor through any byte reader; null (never a throw) for a non-ISO. */
export async function readIsoVolumeDescriptor(read: ByteReader): Promise<IsoVolumeDescriptor | null> {
  const sector = await read(PVD_OFFSET, SECTOR);
  return parsePrimaryVolumeDescriptor(sector);
}

/** A reader over a local file; reading past the end gives fewer bytes (a short file is no ISO). */
export function fileReader(path: string): { read: ByteReader; close: () => Promise<void> } {
  const handle = open(path, 'r');
  // A failed open surfaces at the first read; until then it must not count as unhandled.
  handle.catch(() => undefined);
  return {
    read: async (offset, length) => {
      const fh = await handle;
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    },
    close: async () => (await handle.catch(() => undefined))?.close(),
  };
}

/** The volume descriptor of a local ISO file, or null if it is not an ISO9660 image. */
export async function readIsoFileHeader(path: string): Promise<IsoVolumeDescriptor | null> {
  const r = fileReader(path);
  try {
    return await readIsoVolumeDescriptor(r.read);
  } finally {
    await r.close();
  }
}

/**
 * A reader over a libvirt storage volume (local or on a remote host) through
 * virStorageVolDownload with an offset and length, so only the bytes asked for cross the wire.
 */
export function volumeReader(vol: libvirt.StorageVolume): ByteReader {
  return async (offset, length) => {
    const stream = await vol.conn.newStream();
    try {
      await vol.download(stream, offset, length);
    } catch (err) {
      await stream.abort().catch(() => undefined);
      throw err;
    }
    const chunks: Buffer[] = [];
    let got = 0;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      got += (chunk as Buffer).length;
    }
    return Buffer.concat(chunks, got).subarray(0, length);
  };
}

/** The volume descriptor of an ISO in a storage pool, reading only its first 34 KiB; null if it is no ISO. */
export async function readIsoVolumeHeader(vol: libvirt.StorageVolume): Promise<IsoVolumeDescriptor | null> {
  // A volume too small to hold the descriptor is no ISO; asking libvirt for bytes past its
  // end would be an error rather than an answer.
  const { capacity } = await vol.info();
  if (Number(capacity) < ISO_HEADER_BYTES) return null;
  return readIsoVolumeDescriptor(volumeReader(vol));
}
