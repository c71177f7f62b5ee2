// Which VMs of a connection use which storage: read from their definitions (and, for a running
// VM, its live configuration too, which has disks attached since and the backing chains QEMU
// opened). A disk names its storage by path (file, block device) or by pool and volume name
// (type='volume'); both are kept. virt-manager's delete dialog asks the same question of the
// same XML (virtManager/delete.py).
import { posix } from 'node:path';
import * as libvirt from 'virtdeck/native';
import type { VolumeUser } from '../../common/api/storage-volumes.js';
import { Domain } from '../xml/domain.js';
import type { XmlElement } from '../xml/document.js';

export interface VmDisks {
  uuid: string;
  name: string;
  active: boolean;
  /** Every image path the VM's disks open: their sources and, while running, their backing chains. */
  paths: Set<string>;
  /** `pool\nvolume` of each disk that names its volume so. */
  volumes: Set<string>;
  /** The pools named by such disks. */
  pools: Set<string>;
}

const volumeKey = (pool: string, name: string) => `${pool}\n${name}`;

/** The storage every VM of the connection uses. */
export async function vmDisks(conn: libvirt.Connection): Promise<VmDisks[]> {
  const doms = await conn.listAllDomains();
  const out = await Promise.all(
    doms.map(async (dom): Promise<VmDisks | null> => {
      try {
        const [name, uuid, active, persistent] = await Promise.all([dom.name(), dom.UUIDString(), dom.isActive(), dom.isPersistent()]);
        const xmls = await Promise.all([...(persistent ? [dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE)] : []), ...(active || !persistent ? [dom.XMLDesc()] : [])]);
        const use: VmDisks = { uuid, name, active, paths: new Set(), volumes: new Set(), pools: new Set() };
        for (const xml of xmls) collect(Domain.parse(xml), use);
        return use;
      } catch {
        // A VM undefined while this ran uses nothing any more.
        return null;
      }
    }),
  );
  return out.filter((d): d is VmDisks => d !== null);
}

function collect(dom: Domain, use: VmDisks): void {
  for (const disk of dom.devices('disk')) {
    const path = disk.sourceFile ?? disk.sourceDev;
    if (path) use.paths.add(posix.normalize(path));
    if (disk.sourcePool && disk.sourceVolume) {
      use.volumes.add(volumeKey(disk.sourcePool, disk.sourceVolume));
      use.pools.add(disk.sourcePool);
    }
    // A running VM's live XML lists the chain QEMU opened: <backingStore><source file=…/><backingStore>…
    for (let b = disk.el.element('backingStore'); b; b = b.element('backingStore')) {
      const src = sourcePath(b);
      if (src) use.paths.add(posix.normalize(src));
    }
  }
}

function sourcePath(el: XmlElement): string | undefined {
  const src = el.element('source');
  return src?.attr('file') ?? src?.attr('dev');
}

/** A volume as usage is asked of it: where it is, and which volumes of its pool are overlays on which. */
export interface VolumeIdentity {
  pool: string;
  name: string;
  path: string;
}

/**
 * The VMs that use the volume: directly (by path or by pool and name), or through an overlay
 * of it among `poolVolumes` (the volumes of its pool with their backing paths), at any depth.
 */
export function usersOf(vol: VolumeIdentity, vms: readonly VmDisks[], poolVolumes: readonly (VolumeIdentity & { backingPath?: string | undefined })[]): VolumeUser[] {
  const out = new Map<string, VolumeUser>();
  const add = (v: VolumeIdentity, through: string | undefined, seen: Set<string>) => {
    const path = posix.normalize(v.path);
    for (const vm of vms) {
      if (out.has(vm.uuid)) continue;
      if (vm.paths.has(path) || vm.volumes.has(volumeKey(v.pool, v.name))) {
        out.set(vm.uuid, { uuid: vm.uuid, name: vm.name, active: vm.active, ...(through !== undefined ? { through } : {}) });
      }
    }
    for (const o of poolVolumes) {
      if (o.backingPath === undefined || posix.normalize(o.backingPath) !== path || seen.has(o.path)) continue;
      seen.add(o.path);
      add(o, through ?? o.name, seen);
    }
  };
  add(vol, undefined, new Set([vol.path]));
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The VMs whose disks name the pool (type='volume' disks), which lose their disk when it goes. */
export function vmsNamingPool(pool: string, vms: readonly VmDisks[]): VmDisks[] {
  return vms.filter((vm) => vm.pools.has(pool));
}

/** The names of VMs as one parameter of a message ("a, b"). */
export function vmNames(users: readonly { name: string }[]): string {
  return users.map((u) => u.name).join(', ');
}
