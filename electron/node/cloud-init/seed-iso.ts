// The NoCloud seed: an ISO9660 image labelled "cidata" with user-data and meta-data (and
// optionally network-config or vendor-data) at its root, which cloud-init finds by its label.
import { writeIso, type IsoOptions } from './iso9660-writer.js';

/** Writes the seed image in memory (a few KiB). */
export function writeSeedIso(files: Record<string, Buffer | string>, volumeId = 'cidata', options: IsoOptions = {}): Buffer {
  const list = Object.entries(files).map(([name, data]) => ({ name, data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data }));
  return writeIso(list, volumeId, options);
}
