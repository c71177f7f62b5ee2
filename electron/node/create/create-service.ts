// The New VM wizard's backend: the preview of what Finish creates, and the create itself (storage, validated define, start) with rollback on any failure.
import * as libvirt from 'virtdeck/native';
import { basename, join } from 'node:path';
import type { VirtEvents } from '../../common/api/contract.js';
import type { ConnectionId } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { englishMessage, msg, type MessageRef } from '../../common/messages/messages.js';
import { checkVmName } from '../../common/api/vm-name.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { CreatePreview, CreateResult, CreateStep, vmCreateApi, VmCreateSpec } from '../../common/api/vm-create.js';
import type { ConnectionManager } from '../connections/manager.js';
import { uriFacts } from '../connections/uri-facts.js';
import { buildDomainXml, type DiskPlan } from './domain-xml-builder.js';
import { planFirmware, planMachine, resourceWarnings, type FirmwarePlan, type MachinePlan } from './domain-plan.js';
import { hostMemoryKiB, parseHostCaps, readDomainCaps, type HostCaps } from './host-capabilities.js';
import { resolveOs, type OsCatalog } from './os-catalog.js';
import { isWindows, type OsProfile } from './os-profile.js';
import { finalConfig } from './final-config.js';
import type { FirstStopCleanup } from './first-stop-cleanup.js';
import { checkDirectDevice } from './direct-devices.js';
import { checkFreeSpace, DEFAULT_POOL, DEFAULT_POOL_PATH, diskFormat, ensurePool, freeVolumeName, listPools, uploadBytes, volumeCapacity, volumeXml } from './storage.js';
import { metaData, userData, writeSeedIso } from '../cloud-init/index.js';
import { randomUUID } from 'node:crypto';
import { createFailure, Rollback } from './create-run.js';
import { candidatePaths, fetchBootFiles, storeBootFile, treeUrl } from './install-tree.js';

type Emit = <T extends keyof VirtEvents>(topic: T, payload: VirtEvents[T]) => void;

const GiB = 1024 ** 3;

/**
 * A kernel command line is one line of words: a control character (a NUL, a newline, an escape)
 * cannot go into the XML libvirt is given, nor means anything to the kernel.
 */
function checkCmdline(source: VmCreateSpec['source']): void {
  const cmdline = 'cmdline' in source ? source.cmdline : undefined;
  const bad = cmdline ? /[\u0000-\u001f\u007f]/.exec(cmdline) : null;
  if (!bad) return;
  const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw new ApiError('invalid-input', msg('create.cmdlineControl', { code, position: bad.index + 1 }));
}

const U = libvirt.DomainUndefineFlagsValues;

/** Everything decided for a spec, before anything is created. */
interface Prepared {
  os: OsProfile;
  machine: MachinePlan;
  firmware: FirmwarePlan;
  warnings: string[];
  /** The new volume (not created yet) or the existing disk. */
  newVolume?: { pool: string; name: string; path: string; capacity: number; format: 'qcow2' | 'raw'; backing?: { path: string; format: string } };
  disk?: DiskPlan;
  /** A network install: the tree, and where its fetched kernel and initrd will be. */
  tree?: { url: URL; pool: string; kernel: string; initrd: string };
  /** A cloud image's seed: the volume to make and the files it holds. */
  seed?: { pool: string; name: string; path: string; files: Record<string, string> };
}

/** The `vmCreate` namespace: the preview and the create itself. */
export class CreateService implements NamespaceImpl<typeof vmCreateApi> {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly emit: Emit,
    private readonly log: (msg: string) => void,
    /** The OS catalog (osinfo-db, read once by the osinfo service). */
    private readonly catalog: () => Promise<OsCatalog>,
    /** Deletes what only the first run needs (the seed) once the VM first stops. */
    private readonly firstStop?: FirstStopCleanup,
  ) {}

  #conn(id: ConnectionId): libvirt.Connection {
    return this.connections.connection(id);
  }

  #facts(id: ConnectionId) {
    return uriFacts(this.connections.get(id).spec.uri);
  }

  async #hostCaps(conn: libvirt.Connection): Promise<HostCaps> {
    return parseHostCaps(await conn.getCapabilities());
  }

  async #prepare(spec: VmCreateSpec): Promise<Prepared> {
    checkVmName(spec.name);
    const conn = this.#conn(spec.connection);
    const os = resolveOs(await this.catalog(), spec.os);
    checkCmdline(spec.source);
    const [host, info] = await Promise.all([this.#hostCaps(conn), conn.getInfo()]);
    const machine = planMachine(spec, os, host);
    const domCaps = await readDomainCaps(conn, host, machine.arch, machine.machine, machine.virtType);
    const firmware = planFirmware(os, domCaps);
    const warnings = [...firmware.warnings, ...resourceWarnings(spec, os, { memoryMiB: Math.floor((await hostMemoryKiB(conn, info)) / 1024), cpus: info.cpus })];
    const prepared: Prepared = { os, machine, firmware, warnings };
    if (spec.network.kind === 'direct') await checkDirectDevice(conn, spec.network.name);
    const local = !this.#facts(spec.connection).remote;
    if (spec.source.kind === 'import') {
      prepared.disk = { path: spec.source.path, format: await diskFormat(conn, spec.source.path, local) };
    } else if (spec.storage.kind === 'existing') {
      prepared.disk = { path: spec.storage.path, format: await diskFormat(conn, spec.storage.path, local) };
    } else if (spec.storage.kind === 'new') {
      const { pool: poolName, sizeGiB } = spec.storage;
      const cloud = spec.source.kind === 'cloud' ? spec.source : null;
      // A cloud image's disk is always a qcow2 overlay (raw cannot have a backing file).
      const format = cloud ? 'qcow2' : spec.storage.format;
      const pool = await ensurePool(conn, poolName);
      const name = await freeVolumeName(pool, spec.name, format === 'qcow2' ? 'qcow2' : 'img');
      let capacity = Math.round(sizeGiB * GiB);
      let backing: { path: string; format: string } | undefined;
      if (cloud) {
        const baseCapacity = await volumeCapacity(conn, cloud.baseImage);
        if (baseCapacity === null) {
          throw new ApiError('invalid-input', msg('create.cloudImageNotInPool', { path: cloud.baseImage }));
        }
        capacity = Math.max(capacity, baseCapacity);
        backing = { path: cloud.baseImage, format: await diskFormat(conn, cloud.baseImage, local) };
      }
      // An overlay starts empty and grows; a new disk may grow to its full size: both must fit.
      await checkFreeSpace(pool, capacity);
      const target = (await listPools(conn)).find((x) => x.name === poolName)?.path;
      if (!target) throw new ApiError('invalid-input', msg('create.poolNotDir', { pool: poolName }));
      prepared.newVolume = { pool: poolName, name, path: join(target, name), capacity, format, ...(backing ? { backing } : {}) };
      prepared.disk = { path: prepared.newVolume.path, format };
      if (cloud) {
        const seedName = await freeVolumeName(pool, `${spec.name}-cidata`, 'iso');
        const hostname = cloud.cloudInit.hostname || spec.name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63);
        // Both built from objects and validated (a refusal names its field) before anything is made.
        const files = {
          'user-data': userData({ ...cloud.cloudInit, hostname }),
          'meta-data': metaData({ instanceId: `${spec.name}-${randomUUID()}`, hostname }),
        };
        prepared.seed = { pool: poolName, name: seedName, path: join(target, seedName), files };
      }
    }
    if (spec.source.kind === 'url') {
      const url = treeUrl(spec.source.url);
      const pool = spec.storage.kind === 'new' ? spec.storage.pool : DEFAULT_POOL;
      const target = (await listPools(conn)).find((x) => x.name === pool)?.path ?? DEFAULT_POOL_PATH;
      // Named as storeBootFile names them (the first free name, checked again when they are made).
      prepared.tree = { url, pool, kernel: join(target, `${spec.name}-kernel.boot`), initrd: join(target, `${spec.name}-initrd.boot`) };
    }
    if (spec.source.kind === 'cloud' && !prepared.seed) {
      throw new ApiError('invalid-input', msg('create.cloudNeedsNewDisk'));
    }
    return prepared;
  }

  #xml(spec: VmCreateSpec, p: Prepared): string {
    return buildDomainXml({
      name: spec.name,
      os: p.os,
      source: spec.source,
      memoryMiB: spec.memoryMiB,
      vcpus: spec.vcpus,
      network: spec.network,
      machine: p.machine,
      firmware: p.firmware,
      ...(p.disk ? { disk: p.disk } : {}),
      ...(p.seed ? { seed: p.seed.path } : {}),
      ...(p.tree ? { fetched: { kernel: p.tree.kernel, initrd: p.tree.initrd } } : {}),
    });
  }

  /** The persistent definition after the install, from the install XML (edited or not). */
  #finalXml(spec: VmCreateSpec, p: Prepared, installXml: string, uuid?: string): string {
    const removeSeed = spec.source.kind === 'cloud' && spec.source.removeSeed !== false && p.seed ? p.seed.path : undefined;
    return finalConfig(installXml, { source: spec.source, windows: isWindows(p.os), ...(removeSeed ? { removeSeed } : {}), ...(uuid ? { uuid } : {}) });
  }

  async preview({ spec }: { spec: VmCreateSpec }): Promise<CreatePreview> {
    const p = await this.#prepare(spec);
    const xml = this.#xml(spec, p);
    return {
      xml,
      finalXml: this.#finalXml(spec, p, xml),
      virtType: p.machine.virtType,
      machine: p.machine.machine,
      firmware: p.firmware.firmware,
      tpm: p.firmware.tpm,
      warnings: p.warnings,
      ...(p.newVolume ? { newVolume: { pool: p.newVolume.pool, name: p.newVolume.name, path: p.newVolume.path, capacity: p.newVolume.capacity } } : {}),
      ...(p.seed && spec.source.kind === 'cloud' ? { cloud: { baseImage: spec.source.baseImage, seedPath: p.seed.path } } : {}),
    };
  }

  async run({ job, spec, xml: xmlOverride }: { job: string; spec: VmCreateSpec; xml?: string | undefined }): Promise<CreateResult> {
    const conn = this.#conn(spec.connection);
    const rollback = new Rollback();
    let step: CreateStep = 'check';
    const progress = (s: CreateStep, what: MessageRef) => {
      const message = englishMessage(what);
      step = s;
      this.emit('create.progressed', { job, step: s, what, message });
    };
    try {
      const p = await this.#prepare(spec);
      if (p.newVolume) {
        progress('storage', msg('progress.create.disk', { name: p.newVolume.name, sizeGiB: (p.newVolume.capacity / GiB).toFixed(1) }));
        const pool = await ensurePool(conn, p.newVolume.pool);
        const vol = await pool.createXML(volumeXml(p.newVolume.name, p.newVolume.capacity, p.newVolume.format, p.newVolume.backing));
        rollback.add(`the disk ${p.newVolume.name}`, () => vol.delete());
        const made = await vol.path();
        if (made !== p.newVolume.path) p.disk = { path: made, format: p.newVolume.format };
      }
      if (p.seed) {
        progress('seed', msg('progress.create.seed', { name: p.seed.name }));
        const iso = writeSeedIso(p.seed.files);
        const pool = await ensurePool(conn, p.seed.pool);
        const vol = await pool.createXML(volumeXml(p.seed.name, iso.length, 'raw'));
        rollback.add(`the cloud-init seed ${p.seed.name}`, () => vol.delete());
        // Through libvirt's stream, so a remote host gets the seed the same way.
        await uploadBytes(vol, iso);
        p.seed.path = await vol.path();
      }
      if (p.tree && spec.source.kind === 'url') {
        const tree = p.tree;
        progress('fetch', msg('progress.create.fetch', { host: tree.url.host }));
        let last = 0;
        const files = await fetchBootFiles(tree.url, candidatePaths(spec.source, p.os.installTree), {
          signal: AbortSignal.timeout(30 * 60_000),
          onProgress: (file, done, total) => {
            if (Date.now() - last < 250) return;
            last = Date.now();
            const mib = (done / 1024 ** 2).toFixed(1);
            progress('fetch', total ? msg('progress.create.fetchPercent', { file, host: tree.url.host, percent: Math.floor((done / total) * 100), totalMiB: (total / 1024 ** 2).toFixed(1) }) : msg('progress.create.fetchMiB', { file, host: tree.url.host, mib }));
          },
        });
        this.log(`create: fetched ${files.paths.kernel} and ${files.paths.initrd} from ${tree.url.host}`);
        for (const which of ['kernel', 'initrd'] as const) {
          const vol = await storeBootFile(conn, tree.pool, `${spec.name}-${which}`, files[which]);
          rollback.add(`the fetched ${which} ${await vol.name()}`, () => vol.delete());
          tree[which] = await vol.path();
        }
      }
      progress('define', msg('progress.create.define', { name: spec.name }));
      const xml = xmlOverride ?? this.#xml(spec, p);
      const dom = await conn.defineXML(xml, libvirt.DomainDefineFlags.VALIDATE);
      const name = await dom.name();
      rollback.add(`the definition of ${name}`, async () => {
        if (await dom.isActive().catch(() => false)) await dom.destroy();
        await dom.undefineFlags(U.MANAGED_SAVE | U.SNAPSHOTS_METADATA | U.NVRAM | U.TPM).catch(() => dom.undefineFlags(U.MANAGED_SAVE | U.NVRAM));
      });
      progress('start', msg('progress.create.start', { name }));
      await dom.create();
      // libvirt keeps the running and the persistent config apart: the install runs with the
      // install config while the definition becomes the final one, used from the next start on.
      const uuid = await dom.UUIDString();
      const finalXml = this.#finalXml(spec, p, xml, uuid);
      if (finalXml !== xml) {
        progress('define', msg('progress.create.final', { name }));
        await conn.defineXML(finalXml, libvirt.DomainDefineFlags.VALIDATE);
      }
      if (p.tree) {
        await this.firstStop?.add({ connection: spec.connection, uuid, paths: [p.tree.kernel, p.tree.initrd], what: 'the fetched install kernel or initrd' }).catch((err: Error) => this.log(`create: the fetched boot files stay (${err.message})`));
      }
      if (p.seed && spec.source.kind === 'cloud' && spec.source.removeSeed !== false) {
        // The VM is made: a seed that cannot be scheduled for removal is only left over, said in the log.
        await this.firstStop?.add({ connection: spec.connection, uuid, paths: [p.seed.path], what: 'the cloud-init seed' }).catch((err: Error) => this.log(`create: the seed ${p.seed?.path} stays (${err.message})`));
      }
      progress('done', msg('progress.create.running', { name }));
      this.log(`create: ${name} created on ${spec.connection} (${spec.source.kind}${p.disk ? `, disk ${basename(p.disk.path)}` : ''})`);
      return { ref: { connection: spec.connection, uuid }, name, started: true };
    } catch (err) {
      const failed = step;
      this.log(`create: ${spec.name} failed while ${failed}: ${(err as Error).message}; rolling back`);
      this.emit('create.progressed', { job, step: 'rollback', what: msg('progress.create.rollback'), message: englishMessage(msg('progress.create.rollback')) });
      const left = await rollback.run(this.log);
      throw createFailure(failed, err, left);
    }
  }
}
