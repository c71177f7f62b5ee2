// Which pool types the host's libvirt runs. virConnectGetStoragePoolCapabilities would say, but
// the binding (native/) does not offer it; so each type is probed through define, which libvirt
// refuses in a telling order: it parses the definition, then looks for the type's backend
// ("missing backend for pool type …", VIR_ERR_INTERNAL_ERROR), and only then checks the name
// ("pool 'x' already exists with uuid …", VIR_ERR_OPERATION_FAILED). The probe definition
// carries the name of a pool that exists and a fresh UUID, so libvirt refuses it either way and
// nothing is defined; which refusal came tells whether the backend is there. Checked on libvirt
// 9.0 against `virsh pool-capabilities` (see test/integration/backend/storage-pools.test.ts).
import { randomUUID } from 'node:crypto';
import * as libvirt from 'virtdeck/native';
import { POOL_TYPES, type PoolCapabilities, type PoolTypeSupport } from '../../common/api/storage-pools.js';
import { StoragePool } from '../xml/storage-pool.js';
import { DEFINABLE, POOL_TYPE_INFO } from './pool-types.js';

const E = libvirt.ErrorNumber;

export async function poolCapabilities(conn: libvirt.Connection, log: (msg: string) => void): Promise<PoolCapabilities> {
  const names = await Promise.all((await conn.listAllStoragePools()).map((p) => p.name()));
  const existing = names[0];
  const supported = new Map<string, boolean | undefined>();
  if (existing !== undefined) {
    for (const type of POOL_TYPES) supported.set(type, await probe(conn, type, existing, log));
  }
  // Every probe that could not tell (a read-only connection refuses them all) means no answer at all.
  const told = [...supported.values()].some((v) => v !== undefined);
  const types = POOL_TYPES.map((type): PoolTypeSupport => {
    const info = POOL_TYPE_INFO[type];
    const s = supported.get(type);
    return {
      type,
      ...(told && s !== undefined ? { supported: s } : {}),
      definable: DEFINABLE.has(type),
      buildable: info.build !== undefined,
      sourceFormats: [...info.sourceFormats],
      deleteMeans: info.deleteMeans,
      ...(info.deleteContentsMeans ? { deleteContentsMeans: info.deleteContentsMeans } : {}),
    };
  });
  return { how: told ? 'probe' : 'none', types };
}

async function probe(conn: libvirt.Connection, type: (typeof POOL_TYPES)[number], existing: string, log: (msg: string) => void): Promise<boolean | undefined> {
  const def = StoragePool.create(type, existing);
  def.uuid = randomUUID();
  POOL_TYPE_INFO[type].minimal(def);
  try {
    const pool = await conn.storagePoolDefineXML(def.doc.serialize());
    // Only if the pool of that name vanished between the listing and this probe: take it back at once.
    log(`storage: the capability probe of ${type} pools defined one (the pool ${existing} went away meanwhile); undefining it`);
    await pool.undefine().catch((err: Error) => log(`storage: undefining the probe pool failed: ${err.message}`));
    return true;
  } catch (err) {
    if (!(err instanceof libvirt.LibvirtError)) throw err;
    if (err.code === E.OPERATION_FAILED) return true;
    if (err.code === E.INTERNAL_ERROR && /backend/i.test(err.message)) return false;
    // Any other refusal came before the backend was looked for (parsing, access control).
    return undefined;
  }
}
