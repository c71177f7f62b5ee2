// VM list rows from bulk calls only: five libvirt calls for the whole host, whatever the
// number of VMs (no per-VM XML or info fetch), and a refresh of one VM after its events.
import * as libvirt from 'virtdeck/native';
import type { ConnectionId } from '../../common/api/connections.js';
import type { DomainSummary } from '../../common/api/domains.js';
import { reasonName, stateName } from './states.js';
import { HostObjects } from '../objects/registry.js';

const STATS = libvirt.DomainStatsTypes.STATE | libvirt.DomainStatsTypes.BALLOON | libvirt.DomainStatsTypes.VCPU;
const F = libvirt.ConnectListAllDomainsFlags;

function num(v: libvirt.TypedParamValue | undefined): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

function fromStats(
  connection: ConnectionId,
  uuid: string,
  name: string,
  id: number,
  stats: libvirt.TypedParams,
  flags: { persistent: boolean; autostart: boolean; hasManagedSave: boolean },
): DomainSummary {
  const state = num(stats['state.state']) ?? libvirt.DomainState.NOSTATE;
  const running = state !== libvirt.DomainState.SHUTOFF && state !== libvirt.DomainState.CRASHED;
  const vcpus = num(stats['vcpu.current']);
  const mem = num(stats['balloon.current']);
  const max = num(stats['balloon.maximum']);
  return {
    ref: { connection, uuid },
    name,
    state: stateName(state),
    reason: reasonName(state, num(stats['state.reason']) ?? 0),
    id: running ? id : -1,
    ...flags,
    ...(vcpus !== undefined ? { vcpus } : {}),
    ...(mem !== undefined ? { memoryKiB: mem } : {}),
    ...(max !== undefined ? { maxMemoryKiB: max } : {}),
  };
}

/** Every VM of the connection. */
export async function listSummaries(connection: ConnectionId, conn: libvirt.Connection): Promise<DomainSummary[]> {
  const [doms, stats, persistent, autostart, managed] = await Promise.all([
    conn.listAllDomains(),
    conn.getAllDomainStats(STATS),
    conn.listAllDomains(F.PERSISTENT),
    conn.listAllDomains(F.AUTOSTART),
    conn.listAllDomains(F.MANAGEDSAVE),
  ]);
  const uuids = async (ds: libvirt.Domain[]) => new Set(await Promise.all(ds.map((d) => d.UUIDString())));
  const [pSet, aSet, mSet] = await Promise.all([uuids(persistent), uuids(autostart), uuids(managed)]);
  const byUuid = new Map<string, libvirt.DomainStatsRecord>(stats.map((r) => [r.uuid, r]));
  const rows: DomainSummary[] = [];
  for (const dom of doms) {
    const uuid = await dom.UUIDString();
    const rec = byUuid.get(uuid);
    if (!rec) continue; // gone between the two calls; its event follows
    rows.push(
      fromStats(connection, uuid, await dom.name(), await dom.ID(), rec.stats, {
        persistent: pSet.has(uuid),
        autostart: aSet.has(uuid),
        hasManagedSave: mSet.has(uuid),
      }),
    );
  }
  return rows;
}

/** One VM, freshly read (after an event or an action). */
export async function readSummary(connection: ConnectionId, dom: libvirt.Domain): Promise<DomainSummary> {
  const [recs, persistent, autostart, hasManagedSave] = await Promise.all([
    dom.conn.domainListGetStats([dom], STATS),
    dom.isPersistent(),
    dom.autostart().catch(() => false),
    dom.hasManagedSaveImage().catch(() => false),
  ]);
  // The ID changes at each start: read it from a fresh lookup, not the cached handle.
  const fresh = await new HostObjects(dom.conn).domain(await dom.UUIDString());
  return fromStats(connection, await fresh.UUIDString(), await fresh.name(), await fresh.ID(), recs[0]?.stats ?? {}, {
    persistent,
    autostart,
    hasManagedSave,
  });
}
