// Domains of the open connections: listing, details, lifecycle actions, and live updates.
// libvirt's lifecycle events drive updates (each event means "re-read that VM"); a driver
// without events is polled instead.
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { DomainConfigXml, DomainDetails, DomainExtras, DomainRef, domainsApi, DomainSummary } from '../../common/api/domains.js';
import type { ConnectionManager, Timers } from '../connections/manager.js';
import { realTimers } from '../connections/manager.js';
import { defineConfigXml, previewConfigXml, readConfigXml } from './config-xml.js';
import { applyEdit, previewEdit, type EditRequest } from './edit/apply.js';
import type { DomainHardware, EditEffect, EditPreview, EditResult } from '../../common/api/domain-edits.js';
import { readHardware } from './edit/hardware.js';
import { addNewDisk, type NewDiskRequest, type NewDiskResult } from './edit/new-disk.js';
import type { JobService } from '../jobs/job-service.js';
import { readTuning, setTuning } from './tuning.js';
import type { TuningOutcome, TuningRead, VmTuning } from '../../common/api/domain-tuning.js';
import { resizeDisk } from './edit/resize-disk.js';
import { parseDetails } from './details.js';
import { ifFound, isNotFound, ObjectRegistry } from '../objects/registry.js';
import { readExtras } from './extras.js';
import { StartTimes } from './start-times.js';
import { listSummaries, readSummary } from './summaries.js';
import { keycodesOf } from './key-combos.js';
import type { KeyCombo } from '../../common/api/keys.js';
import { ApiError } from '../../common/api/errors.js';
import { checkVmName } from '../../common/api/vm-name.js';
import { msg } from '../../common/messages/messages.js';
import { Emitter, type Unsubscribe } from '../../common/events/emitter.js';

export interface DomainListener {
  changed(summary: DomainSummary): void;
  removed(ref: DomainRef): void;
}

const E = libvirt.ErrorNumber;
const KEY = libvirt.KeycodeSet.LINUX;

type ByRef = { ref: DomainRef };

export class DomainService implements NamespaceImpl<typeof domainsApi> {
  readonly #changed = new Emitter<DomainSummary>();
  readonly #removed = new Emitter<DomainRef>();
  /** Per connection: uuid -> state, for the host's VM counts and for polling diffs. */
  readonly #known = new Map<ConnectionId, Map<string, DomainSummary>>();
  readonly #pollers = new Map<ConnectionId, unknown>();
  readonly #started: StartTimes;
  readonly #objects: ObjectRegistry;
  /** Guest agents that did not answer in time (see extras.ts). */
  readonly #slowAgents = new Set<string>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly timers: Timers = realTimers,
    private readonly pollMs = 2000,
    /** 'poll' lists and diffs even where the driver has events (tests of the fallback use it). */
    private readonly watchMode: 'events' | 'poll' = 'events',
    /** Long work (a new disk) runs as jobs. */
    private readonly jobs?: JobService,
  ) {
    this.#objects = new ObjectRegistry(connections);
    this.#removed.on((ref) => this.#objects.forgetDomain(ref));
    this.#started = new StartTimes((id) => this.connections.get(id).spec.uri);
    connections.onConnected((id, conn) => void this.#watch(id, conn));
    connections.onRemoved((id) => this.#forget(id));
    connections.onChange((info) => {
      if (info.state !== 'connected') this.#stopPolling(info.id);
    });
  }

  onDomain(l: DomainListener): Unsubscribe {
    const offChanged = this.#changed.on((s) => l.changed(s));
    const offRemoved = this.#removed.on((ref) => l.removed(ref));
    return () => {
      offChanged();
      offRemoved();
    };
  }

  async list({ connection }: { connection: ConnectionId }): Promise<DomainSummary[]> {
    const listed = await listSummaries(connection, this.connections.connection(connection));
    const before = this.#known.get(connection);
    const rows = await Promise.all(listed.map((r) => this.#started.stamp(r, before?.get(r.ref.uuid))));
    this.#known.set(connection, new Map(rows.map((r) => [r.ref.uuid, r])));
    this.#updateCounts(connection);
    return rows;
  }

  /** The VM as last listed or refreshed, without a libvirt call. */
  cached(connection: ConnectionId, uuid: string): DomainSummary | undefined {
    return this.#known.get(connection)?.get(uuid);
  }

  async details({ ref }: ByRef): Promise<DomainDetails> {
    const dom = await this.#lookup(ref);
    const [summary, xml] = await Promise.all([readSummary(ref.connection, dom), dom.XMLDesc()]);
    return parseDetails(await this.#started.stamp(summary, this.#known.get(ref.connection)?.get(ref.uuid)), xml);
  }

  async xml({ ref }: ByRef): Promise<DomainConfigXml> {
    return readConfigXml(await this.#lookup(ref));
  }

  /** What defineXml would change (the same checks; nothing written). */
  async previewXml({ ref, xml, etag }: ByRef & { xml: string; etag: string }): Promise<{ diff: string }> {
    return previewConfigXml(await this.#lookupToChange(ref), xml, etag);
  }

  /** Writes the configuration unless it changed since `etag` was read (see config-xml.ts). */
  async defineXml({ ref, xml, etag }: ByRef & { xml: string; etag: string }): Promise<{ etag: string }> {
    const dom = await this.#lookupToChange(ref);
    const next = await defineConfigXml(this.connections.connection(ref.connection), dom, xml, etag);
    await this.#refresh(ref.connection, dom);
    return { etag: next };
  }

  async hardware({ ref }: ByRef): Promise<DomainHardware> {
    const row = this.cached(ref.connection, ref.uuid);
    return readHardware(await this.#lookup(ref), row ? row.id > 0 : undefined);
  }

  previewEdit({ ref, ...req }: ByRef & EditRequest): Promise<EditPreview> {
    return this.#lookupToChange(ref).then((dom) => previewEdit(dom, req));
  }

  /** Applies editor changes (see edit/apply.ts), then re-reads the VM so its row follows. */
  async applyEdit({ ref, ...req }: ByRef & EditRequest): Promise<EditResult> {
    const dom = await this.#lookupToChange(ref);
    const result = await applyEdit(this.connections.connection(ref.connection), dom, req);
    await this.#refresh(ref.connection, dom);
    return result;
  }

  async resizeDisk({ ref, id, bytes }: ByRef & { id: string; bytes: number }): Promise<{ effect: EditEffect }> {
    const dom = await this.#lookupToChange(ref);
    return resizeDisk(this.connections.connection(ref.connection), dom, id, bytes);
  }

  async tuning({ ref }: ByRef): Promise<TuningRead> {
    const { persistent: _persistent, ...read } = await readTuning(this.connections.connection(ref.connection), await this.#lookup(ref));
    return read;
  }

  async setTuning({ ref, etag, tuning }: ByRef & { etag: string; tuning: VmTuning }): Promise<{ etag: string; outcomes: TuningOutcome[] }> {
    return setTuning(this.connections.connection(ref.connection), await this.#lookupToChange(ref), etag, tuning);
  }

  async rename({ ref, name }: ByRef & { name: string }): Promise<void> {
    checkVmName(name);
    const dom = await this.#lookupToChange(ref);
    if (await dom.isActive()) throw new ApiError('invalid-input', msg('rename.running'));
    const other = await ifFound(this.#objects.on(ref.connection).domainByName(name));
    if (other && (await other.UUIDString()).toLowerCase() !== ref.uuid.toLowerCase()) throw new ApiError('invalid-input', msg('rename.taken', { name }));
    try {
      await dom.rename(name);
    } catch (err) {
      if (err instanceof libvirt.LibvirtError) throw new ApiError('operation-failed', msg('rename.refused', { detail: err.message }), { libvirtCode: err.code });
      throw err;
    }
    await this.#refresh(ref.connection, dom);
  }

  async addNewDisk({ ref, ...req }: ByRef & NewDiskRequest): Promise<NewDiskResult> {
    if (!this.jobs) throw new ApiError('internal', msg('rpc.internal'));
    const dom = await this.#lookupToChange(ref);
    const result = await addNewDisk(
      this.jobs,
      { connection: ref.connection, uri: this.connections.get(ref.connection).spec.uri },
      this.connections.connection(ref.connection),
      dom,
      req,
    );
    await this.#refresh(ref.connection, dom);
    return result;
  }

  /** Title and guest addresses of the VMs on screen (per-VM calls; see extras.ts). */
  extras({ connection, uuids, addresses = true }: { connection: ConnectionId; uuids: string[]; addresses?: boolean | undefined }): Promise<DomainExtras[]> {
    // Drivers without bulk stats (the test driver) leave vCPUs and memory out of the summary:
    // those rows, and only the ones on screen, get them from virDomainGetInfo here.
    const needsInfo = (uuid: string) => {
      const row = this.cached(connection, uuid);
      return row !== undefined && (row.vcpus === undefined || row.memoryKiB === undefined);
    };
    return readExtras(this.connections.connection(connection), uuids, {
      addresses,
      slowAgents: this.#slowAgents,
      needsInfo,
      persistent: (uuid) => this.cached(connection, uuid)?.persistent,
    });
  }

  start({ ref }: ByRef) {
    return this.#act(ref, (d) => d.create());
  }
  shutdown({ ref }: ByRef) {
    return this.#act(ref, (d) => d.shutdown());
  }
  reboot({ ref }: ByRef) {
    return this.#act(ref, (d) => d.reboot());
  }
  forceOff({ ref }: ByRef) {
    return this.#act(ref, (d) => d.destroy());
  }
  forceReset({ ref }: ByRef) {
    return this.#act(ref, (d) => d.reset());
  }
  pause({ ref }: ByRef) {
    return this.#act(ref, (d) => d.suspend());
  }
  resume({ ref }: ByRef) {
    return this.#act(ref, (d) => d.resume());
  }
  wakeup({ ref }: ByRef) {
    return this.#act(ref, (d) => d.pMWakeup());
  }
  save({ ref }: ByRef) {
    return this.#act(ref, (d) => d.managedSave());
  }
  setAutostart({ ref, autostart }: ByRef & { autostart: boolean }) {
    return this.#act(ref, (d) => d.setAutostart(autostart));
  }
  sendCtrlAltDel({ ref }: ByRef) {
    return this.sendKeys({ ref, combo: 'ctrl-alt-del' });
  }
  sendKeys({ ref, combo }: ByRef & { combo: KeyCombo }) {
    return this.#act(ref, (d) => d.sendKey(KEY, 0, keycodesOf(combo)), false);
  }
  async screenshot({ ref }: ByRef): Promise<{ mime: string; data: string }> {
    const shot = await libvirt.screenshot(await this.#lookup(ref));
    return { mime: shot.mime, data: Buffer.from(shot.bytes).toString('base64') };
  }

  /** Removes the definition only: disks and NVRAM files stay where they are. */
  undefine({ ref }: ByRef) {
    const U = libvirt.DomainUndefineFlagsValues;
    return this.#act(ref, async (d) => {
      try {
        await d.undefineFlags(U.MANAGED_SAVE | U.SNAPSHOTS_METADATA | U.CHECKPOINTS_METADATA | U.KEEP_NVRAM | U.KEEP_TPM);
      } catch (err) {
        // Drivers that know fewer flags (the test driver, older hosts) refuse the set as a whole.
        if (!(err instanceof libvirt.LibvirtError) || err.code !== E.INVALID_ARG) throw err;
        await d.undefineFlags(U.MANAGED_SAVE | U.SNAPSHOTS_METADATA);
      }
    });
  }

  #lookup(ref: DomainRef): Promise<libvirt.Domain> {
    return this.#objects.domain(ref);
  }

  /** The VM, for a change: refused up front, in words, on a connection opened read-only. */
  #lookupToChange(ref: DomainRef): Promise<libvirt.Domain> {
    const { spec } = this.connections.get(ref.connection);
    if (spec.readonly) return Promise.reject(new ApiError('operation-failed', msg('connection.readOnly', { name: spec.label ?? spec.uri })));
    return this.#lookup(ref);
  }

  // Runs an action, then re-reads the VM so the caller sees its new state even before the
  // event arrives (and when the driver sends none).
  async #act(ref: DomainRef, fn: (d: libvirt.Domain) => Promise<unknown>, refresh = true): Promise<void> {
    const dom = await this.#lookupToChange(ref);
    await fn(dom);
    if (refresh) await this.#refresh(ref.connection, dom);
  }

  async #refresh(connection: ConnectionId, dom: libvirt.Domain, started = false): Promise<void> {
    let summary: DomainSummary;
    try {
      const fresh = await readSummary(connection, dom);
      summary = await this.#started.stamp(fresh, this.#known.get(connection)?.get(fresh.ref.uuid), started);
    } catch (err) {
      if (isNotFound(err)) {
        const uuid = await dom.UUIDString();
        this.#known.get(connection)?.delete(uuid);
        this.#updateCounts(connection);
        this.#removed.emit({ connection, uuid });
        return;
      }
      throw err;
    }
    this.#known.get(connection)?.set(summary.ref.uuid, summary);
    this.#updateCounts(connection);
    this.#changed.emit(summary);
  }

  async #watch(connection: ConnectionId, conn: libvirt.Connection): Promise<void> {
    if (this.watchMode === 'poll' || !(await this.#subscribe(connection, conn))) this.#poll(connection);
    await this.list({ connection }).catch(() => undefined); // the host's VM counts
  }

  /** Follows the host's events; false when its driver has none (it is then polled). */
  async #subscribe(connection: ConnectionId, conn: libvirt.Connection): Promise<boolean> {
    try {
      await conn.domainEventRegisterAny(null, libvirt.DomainEventID.LIFECYCLE, (dom, ev) => {
        void this.#refresh(connection, dom, ev.event === libvirt.DomainEventType.STARTED).catch(() => undefined);
      });
      // A title changed elsewhere (virsh desc --title) re-reads the VM too, so the UI asks
      // for its extras again. Optional: older drivers lack this event.
      await conn
        .domainEventRegisterAny(null, libvirt.DomainEventID.METADATA_CHANGE, (dom) => {
          void this.#refresh(connection, dom).catch(() => undefined);
        })
        .catch(() => undefined);
      return true;
    } catch (err) {
      // A link that died meanwhile is the connection manager's business (it reconnects, and
      // this runs again); only a driver without events is polled.
      const noEvents = err instanceof libvirt.LibvirtError && (err.code === E.NO_SUPPORT || err.code === E.ARGUMENT_UNSUPPORTED);
      return !(noEvents && this.connections.list().some((c) => c.id === connection && c.state === 'connected'));
    }
  }

  // Fallback for drivers without events: list and diff, chained (never two in flight).
  #poll(connection: ConnectionId): void {
    const tick = async () => {
      try {
        const before = this.#known.get(connection) ?? new Map<string, DomainSummary>();
        const rows = await this.list({ connection });
        const seen = new Set<string>();
        for (const r of rows) {
          seen.add(r.ref.uuid);
          if (JSON.stringify(before.get(r.ref.uuid)) !== JSON.stringify(r)) this.#changed.emit(r);
        }
        for (const uuid of before.keys()) if (!seen.has(uuid)) this.#removed.emit({ connection, uuid });
      } catch {
        // not connected any more: the connection's own state says so
      }
      if (this.#pollers.has(connection)) this.#pollers.set(connection, this.timers.setTimeout(tick, this.pollMs));
    };
    this.#pollers.set(connection, this.timers.setTimeout(tick, this.pollMs));
  }

  #stopPolling(connection: ConnectionId): void {
    const h = this.#pollers.get(connection);
    if (h !== undefined) this.timers.clearTimeout(h);
    this.#pollers.delete(connection);
  }

  #forget(connection: ConnectionId): void {
    this.#stopPolling(connection);
    this.#known.delete(connection);
    this.#started.forget(connection);
  }

  #updateCounts(connection: ConnectionId): void {
    const rows = [...(this.#known.get(connection)?.values() ?? [])];
    this.connections.setCounts(connection, { total: rows.length, running: rows.filter((r) => r.state !== 'shutoff' && r.state !== 'crashed').length });
  }
}
