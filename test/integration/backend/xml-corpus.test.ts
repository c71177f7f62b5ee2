// The corpus round trip on the real libvirtd: libvirt's own test XMLs
// (test/fixtures/libvirt-corpus) are defined with a unique name (`vdcorpus-<pid>-…`) and no
// uuid, through the native binding. For each one libvirt accepts, its inactive XML is edited
// through the model (domains: the title, then the memory; networks: the MTU or bridge; pools:
// the target permissions, else the source name) and defined again: libvirt's new inactive XML must be exactly the
// old one with that edit made by the model — byte for byte, so the model changed nothing else
// and placed the edit where libvirt itself writes it. Networks and pools are only defined
// (never started or built). Each object is undefined after its round trip, and whatever a
// failure left behind is undefined at the end.
// Figures and diffs go to test-results/xml-corpus.json and the test's diagnostics.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { Domain } from '../../../electron/node/xml/domain.js';
import { Network } from '../../../electron/node/xml/network.js';
import { StoragePool } from '../../../electron/node/xml/storage-pool.js';
import { root } from '../../support/serve-process.js';
import { openOrExplain, SYSTEM_URI } from '../native/support.js';

const corpus = join(root, 'test', 'fixtures', 'libvirt-corpus');
const PREFIX = `vdcorpus-${process.pid}-`;
const TITLE = 'vdcorpus <edited> & titled';
// NVRAM and TPM state paths derive from the unique name and uuid, so only this run's are removed.
const F = libvirt.DomainUndefineFlagsValues;
const UNDEFINE_ALL = F.NVRAM | F.TPM | F.SNAPSHOTS_METADATA | F.CHECKPOINTS_METADATA | F.MANAGED_SAVE;

interface Outcome {
  file: string;
  defined: boolean;
  defineError?: string;
  /**
   * libvirt's own change when its inactive XML is defined again unedited (it is not always a
   * fixed point: e.g. controllers it added are re-sorted); the edits start from the settled XML.
   */
  libvirtResettled?: string;
  /** Per edit: null when libvirt's XML is the model's edit byte for byte, else the difference. */
  edits: Record<string, string | null>;
}

/** An object libvirt defines again from XML and describes inactive. */
interface Definable {
  define(xml: string): Promise<unknown>;
  dump(): Promise<string>;
}

/**
 * Settles the definition (defines libvirt's own XML again until it stops changing, at most
 * twice), then applies each edit through the model and compares libvirt's result byte for byte.
 */
async function roundTrip(o: Outcome, obj: Definable, edits: [string, (xml: string) => string][]): Promise<void> {
  let old = await obj.dump();
  for (let i = 0; i < 2; i++) {
    await obj.define(old);
    const again = await obj.dump();
    if (again === old) break;
    o.libvirtResettled = `${o.libvirtResettled ?? ''}${difference(old, again)}\n`;
    old = again;
  }
  for (const [name, edit] of edits) {
    const expected = edit(old);
    try {
      await obj.define(expected);
      const now = await obj.dump();
      o.edits[name] = now === expected ? null : difference(expected, now);
      old = now;
    } catch (err) {
      o.edits[name] = `define refused the edit: ${(err as Error).message}`;
    }
  }
}

interface KindReport {
  corpus: number;
  defined: number;
  roundTripUnchanged: number;
  resettledByLibvirt: number;
  outcomes: Outcome[];
}

const report: Record<string, KindReport> = {};

function files(kind: string): string[] {
  return readdirSync(join(corpus, kind))
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

/** The lines where two texts differ (after their common head and tail), `-` old, `+` new. */
function difference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const lines = [`@@ line ${head + 1}`, ...a.slice(head, a.length - tail).map((l) => `- ${l}`), ...b.slice(head, b.length - tail).map((l) => `+ ${l}`)];
  return lines.slice(0, 40).join('\n');
}

/** Applies an edit to a model and returns its XML. */
function edit<T extends { doc: { serialize(): string } }>(model: T, change: (m: T) => void): string {
  change(model);
  return model.doc.serialize();
}

function hasNumaCells(d: Domain): boolean {
  return (d.find(['cpu', 'numa'])?.elements('cell').length ?? 0) > 0;
}

function safeName(file: string): string {
  return file.replace(/\.xml$/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
}

function summarise(kind: string, outcomes: Outcome[]): KindReport {
  const defined = outcomes.filter((o) => o.defined);
  const r = {
    corpus: outcomes.length,
    defined: defined.length,
    roundTripUnchanged: defined.filter((o) => Object.values(o.edits).every((d) => d === null)).length,
    resettledByLibvirt: defined.filter((o) => o.libvirtResettled).length,
    outcomes,
  };
  report[kind] = r;
  return r;
}

function diagnose(t: TestContext, kind: string, r: KindReport): void {
  t.diagnostic(`${kind}: corpus ${r.corpus}, defined ${r.defined}, round trip unchanged ${r.roundTripUnchanged}`);
  for (const o of r.outcomes) {
    for (const [edit, diff] of Object.entries(o.edits)) if (diff !== null) t.diagnostic(`${kind}/${o.file} (${edit}):\n${diff}`);
  }
}

describe('libvirt corpus on the real libvirtd', { concurrency: false }, () => {
  let conn: libvirt.Connection;

  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
  });

  // Removes everything this run defined, whatever state a failure left it in.
  after(async () => {
    const doms = await conn.listAllDomains().catch((): libvirt.Domain[] => []);
    for (const d of doms) {
      if (!(await d.name()).startsWith(PREFIX)) continue;
      if (await d.isActive().catch(() => false)) await d.destroy().catch(() => 0);
      await d.undefineFlags(UNDEFINE_ALL).catch(() => 0);
    }
    for (const n of await conn.listAllNetworks().catch((): libvirt.Network[] => [])) {
      if ((await n.name()).startsWith(PREFIX)) await n.undefine().catch(() => 0);
    }
    for (const p of await conn.listAllStoragePools().catch((): libvirt.StoragePool[] => [])) {
      if ((await p.name()).startsWith(PREFIX)) await p.undefine().catch(() => 0);
    }
    const left = [
      ...(await Promise.all((await conn.listAllDomains()).map((d) => d.name()))),
      ...(await Promise.all((await conn.listAllNetworks()).map((n) => n.name()))),
      ...(await Promise.all((await conn.listAllStoragePools()).map((p) => p.name()))),
    ].filter((n) => n.startsWith(PREFIX));
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results', 'xml-corpus.json'), `${JSON.stringify(report, null, 2)}\n`);
    await conn.close();
    assert.deepEqual(left, [], 'everything the test defined is undefined again');
  });

  it('domains: each one libvirt defines keeps its inactive XML through a title edit and a memory edit', async (t) => {
    const outcomes: Outcome[] = [];
    for (const file of files('domains')) {
      const model = Domain.parse(readFileSync(join(corpus, 'domains', file), 'utf8'));
      model.name = `${PREFIX}${safeName(file)}`;
      model.uuid = undefined;
      const o: Outcome = { file, defined: false, edits: {} };
      outcomes.push(o);
      let dom: libvirt.Domain;
      try {
        dom = await conn.defineXML(model.serialize());
        o.defined = true;
      } catch (err) {
        o.defineError = (err as Error).message;
        continue;
      }
      const mib = (d: Domain, unit: 'memory' | 'currentMemory'): number => {
        const value = d[unit] ?? 0;
        const bytes = (unit === 'memory' ? d.memoryBytes : d.currentMemoryBytes) ?? 0;
        return Math.round(1024 ** 2 / (bytes / value));
      };
      await roundTrip(o, { define: async (x) => (dom = await conn.defineXML(x)), dump: () => dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE) }, [
        ['title', (x) => edit(Domain.parse(x), (d) => void (d.title = TITLE))],
        // With NUMA cells libvirt derives <memory> from their sizes and ignores the element, so
        // there the current (balloon) memory is the edit; elsewhere the maximum. One MiB, in the unit libvirt wrote.
        hasNumaCells(Domain.parse(model.serialize()))
          ? ['currentMemory', (x) => edit(Domain.parse(x), (d) => void (d.currentMemory = d.currentMemory! - mib(d, 'currentMemory')))]
          : ['memory', (x) => edit(Domain.parse(x), (d) => void (d.memory = d.memory! + mib(d, 'memory')))],
      ]);
      // One at a time: corpus files share uuids (sysinfo) and sources, and other tests list this daemon's objects.
      await dom.undefineFlags(UNDEFINE_ALL);
    }
    const r = summarise('domains', outcomes);
    diagnose(t, 'domains', r);
    assert.ok(r.defined > 0, 'libvirt defines some of the corpus');
    assert.deepEqual(
      r.outcomes.filter((o) => o.defined && Object.values(o.edits).some((d) => d !== null)).map((o) => o.file),
      [],
      'every domain that defines round-trips with only the edited property changed',
    );
  });

  it('networks: each one libvirt defines keeps its XML through an MTU (or bridge name) edit', async (t) => {
    const outcomes: Outcome[] = [];
    let bridge = 0;
    for (const file of files('networks')) {
      const model = Network.parse(readFileSync(join(corpus, 'networks', file), 'utf8'));
      model.name = `${PREFIX}${safeName(file)}`;
      model.uuid = undefined;
      // Bridge names are unique on a host: the corpus's (virbr0…) would clash with real networks.
      if (model.bridgeName !== undefined) model.bridgeName = `vdc${process.pid % 10000}n${bridge++}`;
      const o: Outcome = { file, defined: false, edits: {} };
      outcomes.push(o);
      let net: libvirt.Network;
      try {
        net = await conn.networkDefineXML(model.doc.serialize());
        o.defined = true;
      } catch (err) {
        o.defineError = (err as Error).message;
        continue;
      }
      // libvirt allows an MTU only where it makes the bridge (no forward, nat, route, open);
      // networks on a host bridge get their bridge renamed; the others (macvtap and hostdev
      // pools) have nothing else the model maps, and are only checked to settle.
      const mode = model.forwardMode;
      const edits: [string, (xml: string) => string][] = [];
      if (mode === undefined || mode === 'nat' || mode === 'route' || mode === 'open')
        edits.push(['mtu', (x) => edit(Network.parse(x), (n) => void (n.mtu = (n.mtu ?? 1500) + 100))]);
      else if (model.bridgeName !== undefined) edits.push(['bridgeName', (x) => edit(Network.parse(x), (n) => void (n.bridgeName = `${n.bridgeName}e`))]);
      await roundTrip(o, { define: async (x) => (net = await conn.networkDefineXML(x)), dump: () => net.XMLDesc(libvirt.NetworkXMLFlags.INACTIVE) }, edits);
      await net.undefine();
    }
    const r = summarise('networks', outcomes);
    diagnose(t, 'networks', r);
    assert.ok(r.defined > 0, 'libvirt defines some of the corpus');
    assert.deepEqual(
      r.outcomes.filter((o) => o.defined && Object.values(o.edits).some((d) => d !== null)).map((o) => o.file),
      [],
      'every network that defines round-trips with only the edited property changed',
    );
  });

  it('pools: each one libvirt defines keeps its XML through a permissions (or source name) edit', async (t) => {
    const outcomes: Outcome[] = [];
    for (const file of files('pools')) {
      const model = StoragePool.parse(readFileSync(join(corpus, 'pools', file), 'utf8'));
      const name = `${PREFIX}${safeName(file)}`;
      model.name = name;
      model.uuid = undefined;
      // Target paths must not clash with the host's pools (the corpus uses /var/lib/libvirt/images);
      // the pool is never built, so nothing is made there.
      if (model.targetPath !== undefined) model.targetPath = `/nonexistent/${name}`;
      const o: Outcome = { file, defined: false, edits: {} };
      outcomes.push(o);
      let pool: libvirt.StoragePool;
      try {
        pool = await conn.storagePoolDefineXML(model.doc.serialize());
        o.defined = true;
      } catch (err) {
        o.defineError = (err as Error).message;
        continue;
      }
      // The target's permissions where the pool has a target (a logical pool's path is always
      // /dev/VG, whatever the XML says, and libvirt adds it), else the source name.
      const defined = StoragePool.parse(await pool.XMLDesc(libvirt.StorageXMLFlags.INACTIVE));
      const edits: [string, (xml: string) => string][] = [
        defined.targetPath !== undefined
          ? ['targetMode', (x) => edit(StoragePool.parse(x), (p) => void (p.targetMode = p.targetMode === '0711' ? '0750' : '0711'))]
          : ['sourceName', (x) => edit(StoragePool.parse(x), (p) => void (p.sourceName = `${p.sourceName ?? 'pool'}-edited`))],
      ];
      await roundTrip(o, { define: async (x) => (pool = await conn.storagePoolDefineXML(x)), dump: () => pool.XMLDesc(libvirt.StorageXMLFlags.INACTIVE) }, edits);
      await pool.undefine();
    }
    const r = summarise('pools', outcomes);
    diagnose(t, 'pools', r);
    assert.ok(r.defined > 0, 'libvirt defines some of the corpus');
    assert.deepEqual(
      r.outcomes.filter((o) => o.defined && Object.values(o.edits).some((d) => d !== null)).map((o) => o.file),
      [],
      'every pool that defines round-trips with only the edited property changed',
    );
  });
});
