// A new pool's definition from the contract's spec, written through the pool model (virtinst's
// StoragePool builds the same elements): dir, fs, netfs, logical and iscsi.
import type { z } from 'zod';
import type { poolSpec } from '../../common/api/storage-pools.js';
import { StoragePool } from '../xml/storage-pool.js';

/** The spec after validation (defaults applied). */
export type ValidPoolSpec = z.output<typeof poolSpec>;

export function poolXml(spec: ValidPoolSpec): string {
  const pool = StoragePool.create(spec.type, spec.name);
  switch (spec.type) {
    case 'dir':
      pool.targetPath = spec.path;
      break;
    case 'fs':
      pool.sourceDevices = [spec.device];
      pool.sourceFormat = spec.format;
      pool.targetPath = spec.path;
      break;
    case 'netfs':
      pool.sourceHost = spec.host;
      pool.sourceDir = spec.sourcePath;
      pool.sourceFormat = spec.format;
      if (spec.protocolVersion !== undefined) pool.sourceProtocolVersion = spec.protocolVersion;
      pool.targetPath = spec.path;
      break;
    case 'logical':
      // The volume group by name; with devices, build makes it on them (pvcreate, vgcreate).
      pool.sourceName = spec.volumeGroup;
      if (spec.devices.length) pool.sourceDevices = spec.devices;
      pool.sourceFormat = 'lvm2';
      pool.targetPath = `/dev/${spec.volumeGroup}`;
      break;
    case 'iscsi':
      pool.sourceHost = spec.host;
      if (spec.port !== undefined) pool.sourceHostPort = spec.port;
      // libvirt names the target's IQN the source device path.
      pool.sourceDevices = [spec.target];
      pool.targetPath = spec.path;
      break;
  }
  return pool.doc.serialize();
}
