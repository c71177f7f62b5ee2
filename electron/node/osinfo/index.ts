// The wizard's OS knowledge: osinfo-db read from the system, and ISO headers to detect from.
export type { IsoVolumeDescriptor, MediaMatch, OsDevices, OsEntry, OsFirmware, Resources } from './os-entry.js';
export { DEFAULT_OSINFO_DIR, loadOsDb, type OsDb } from './os-db.js';
export {
  fileReader,
  ISO_HEADER_BYTES,
  parsePrimaryVolumeDescriptor,
  readIsoFileHeader,
  readIsoVolumeDescriptor,
  readIsoVolumeHeader,
  volumeReader,
  type ByteReader,
} from './iso-header.js';
