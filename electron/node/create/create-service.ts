// The New VM wizard's backend: the preview of what Finish creates, and the create itself (storage, validated define, start) with rollback on any failure.
import * as libvirt from 'virtdeck/native';
import { basename, join } from 'node:path';
import type { ConnectionId } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
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
import { createFailure } from './create-run.js';
import { candidatePaths, fetchBootFiles, storeBootFile, treeUrl } from './install-tree.js';
import type { JobContext, JobService } from '../jobs/job-service.js';
import type { JournalEntry } from '../jobs/journal.js';

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
    private readonly jobs: JobService,
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
    // The test driver has no virStorageVolUpload: fetched boot files and seeds could not be stored.
    if (machine.domainType === 'test' && (spec.source.kind === 'url' || spec.source.kind === 'cloud')) throw new ApiError('invalid-input', msg('create.testDriverNoUpload'));
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

  /**
   * Creates the VM as a job. Each thing made is in the job's journal before it is made; the
   * persistent definition is the final one before the install starts (the install runs as the
   * live config only: libvirt starts a defined VM from other XML without touching its
   * definition), so a crash at any point leaves nothing that boots the install again.
   */
  run({ job, spec, xml: xmlOverride }: { job: string; spec: VmCreateSpec; xml?: string | undefined }): Promise<CreateResult> {
    const uri = this.connections.get(spec.connection).spec.uri;
    return this.jobs.run<CreateResult, CreateStep>(
      {
        id: job,
        connection: spec.connection,
        uri,
        kind: 'vm.create',
        title: msg('job.title.create', { name: spec.name }),
        target: { kind: 'domain', name: spec.name },
        step: 'check',
        message: msg('progress.create.check'),
      },
      (ctx) => this.#run(ctx, spec, xmlOverride),
      {
        words: (r) => msg('progress.create.running', { name: r.name }),
        failure: (err, step, left) => createFailure(step, err, left),
      },
    );
  }

  async #run(ctx: JobContext<CreateStep>, spec: VmCreateSpec, xmlOverride?: string): Promise<CreateResult> {
    const conn = this.#conn(spec.connection);
    const p = await this.#prepare(spec);
    if (p.newVolume) {
      const nv = p.newVolume;
      ctx.step('storage', msg('progress.create.disk', { name: nv.name, sizeGiB: (nv.capacity / GiB).toFixed(1) }));
      const pool = await ensurePool(conn, nv.pool);
      const vol = await ctx.track(
        { kind: 'volume', pool: nv.pool, name: nv.name, what: `the disk ${nv.name}` },
        () => pool.createXML(volumeXml(nv.name, nv.capacity, nv.format, nv.backing)),
        (v) => v.delete(),
      );
      const made = await vol.path();
      if (made !== nv.path) p.disk = { path: made, format: nv.format };
      await ctx.checkpoint('create:disk-made');
    }
    if (p.seed) {
      const seed = p.seed;
      ctx.step('seed', msg('progress.create.seed', { name: seed.name }));
      const iso = writeSeedIso(seed.files);
      const pool = await ensurePool(conn, seed.pool);
      const vol = await ctx.track(
        { kind: 'volume', pool: seed.pool, name: seed.name, what: `the cloud-init seed ${seed.name}` },
        () => pool.createXML(volumeXml(seed.name, iso.length, 'raw')),
        (v) => v.delete(),
      );
      // Through libvirt's stream, so a remote host gets the seed the same way.
      await uploadBytes(vol, iso);
      seed.path = await vol.path();
    }
    if (p.tree && spec.source.kind === 'url') {
      const tree = p.tree;
      ctx.step('fetch', msg('progress.create.fetch', { host: tree.url.host }));
      const files = await fetchBootFiles(tree.url, candidatePaths(spec.source, p.os.installTree), {
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(30 * 60_000)]),
        onProgress: (file, done, total) => {
          ctx.progress({ done, ...(total ? { total } : {}) }, msg('progress.create.fetchFile', { file, host: tree.url.host }));
        },
      });
      this.log(`create: fetched ${files.paths.kernel} and ${files.paths.initrd} from ${tree.url.host}`);
      const pool = await ensurePool(conn, tree.pool);
      for (const which of ['kernel', 'initrd'] as const) {
        const name = await freeVolumeName(pool, `${spec.name}-${which}`, 'boot');
        const vol = await ctx.track(
          { kind: 'volume', pool: tree.pool, name, what: `the fetched ${which} ${name}` },
          () => storeBootFile(pool, name, files[which]),
          (v) => v.delete(),
        );
        tree[which] = await vol.path();
      }
    }
    ctx.step('define', msg('progress.create.define', { name: spec.name }));
    const xml = xmlOverride ?? this.#xml(spec, p);
    const entry: JournalEntry = { kind: 'domain', name: spec.name, what: `the definition of ${spec.name}` };
    const dom = await ctx.track(
      entry,
      () => conn.defineXML(xml, libvirt.DomainDefineFlags.VALIDATE),
      (d) => undoDefine(d),
    );
    const [name, uuid] = await Promise.all([dom.name(), dom.UUIDString()]);
    await ctx.update(entry, { kind: 'domain', name, uuid, what: `the definition of ${name}` });
    // libvirt's own form of the install config: with its uuid and the MACs it chose, which the
    // final definition keeps.
    const installXml = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    const finalXml = this.#finalXml(spec, p, installXml, uuid);
    if (finalXml !== installXml) {
      ctx.step('define', msg('progress.create.final', { name }));
      await conn.defineXML(finalXml, libvirt.DomainDefineFlags.VALIDATE);
      ctx.step('start', msg('progress.create.start', { name }));
      // The install runs as the live config only; the definition stays the final one.
      await conn.createXML(installXml, libvirt.DomainCreateFlags.START_VALIDATE);
    } else {
      ctx.step('start', msg('progress.create.start', { name }));
      await dom.create();
    }
    await ctx.checkpoint('create:started');
    ctx.pastReturn();
    if (p.tree) {
      await this.firstStop
        ?.add({ connection: spec.connection, uuid, paths: [p.tree.kernel, p.tree.initrd], what: 'the fetched install kernel or initrd' })
        .catch((err: Error) => this.log(`create: the fetched boot files stay (${err.message})`));
    }
    if (p.seed && spec.source.kind === 'cloud' && spec.source.removeSeed !== false) {
      // The VM is made: a seed that cannot be scheduled for removal is only left over, said in the log.
      await this.firstStop
        ?.add({ connection: spec.connection, uuid, paths: [p.seed.path], what: 'the cloud-init seed' })
        .catch((err: Error) => this.log(`create: the seed ${p.seed?.path} stays (${err.message})`));
    }
    ctx.step('done', msg('progress.create.running', { name }));
    this.log(`create: ${name} created on ${spec.connection} (${spec.source.kind}${p.disk ? `, disk ${basename(p.disk.path)}` : ''})`);
    return { ref: { connection: spec.connection, uuid }, name, started: true };
  }
}

/** Stops and removes a VM this job defined (rollback). */
async function undoDefine(dom: libvirt.Domain): Promise<void> {
  if (await dom.isActive().catch(() => false)) await dom.destroy();
  await dom.undefineFlags(U.MANAGED_SAVE | U.SNAPSHOTS_METADATA | U.NVRAM | U.TPM).catch(() => dom.undefineFlags(U.MANAGED_SAVE | U.NVRAM));
}
