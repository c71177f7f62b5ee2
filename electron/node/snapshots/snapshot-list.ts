// A VM's snapshots as the contract lists them, read through the binding and the XML layer's
// snapshot model (electron/node/xml/snapshot.ts).
import * as libvirt from 'virtdeck/native';
import { snapshotState, type SnapshotState, type SnapshotSummary } from '../../common/api/snapshots.js';
import { Snapshot } from '../xml/snapshot.js';

const E = libvirt.ErrorNumber;

const stateOf = (word: string | undefined): SnapshotState => {
  const parsed = snapshotState.safeParse(word);
  return parsed.success ? parsed.data : 'nostate';
};

/** One snapshot's row; null when it was deleted while being read. */
async function readOne(snap: libvirt.DomainSnapshot): Promise<SnapshotSummary | null> {
  try {
    const [name, xml, current] = await Promise.all([snap.getName(), snap.getXMLDesc(0), snap.isCurrent(0)]);
    const model = Snapshot.parse(xml);
    const row: SnapshotSummary = {
      name: model.name ?? name,
      creationTime: (model.creationTime ?? 0) * 1000,
      state: stateOf(model.state),
      current,
    };
    if (model.description) row.description = model.description;
    if (model.parent !== undefined) row.parent = model.parent;
    return row;
  } catch (err) {
    if (err instanceof libvirt.LibvirtError && err.code === E.NO_DOMAIN_SNAPSHOT) return null;
    throw err;
  }
}

/**
 * The VM's snapshots, oldest first (name breaks ties: libvirt keeps whole seconds), so that two
 * reads of an unchanged list are equal. A snapshot deleted meanwhile is left out; the change
 * that deleted it is seen by the next read.
 */
export async function readSnapshots(dom: libvirt.Domain): Promise<SnapshotSummary[]> {
  const rows = await Promise.all((await dom.listAllSnapshots(0)).map(readOne));
  return rows.filter((r): r is SnapshotSummary => r !== null).sort((a, b) => a.creationTime - b.creationTime || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
