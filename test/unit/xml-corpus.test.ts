// libvirt's own test XMLs (test/fixtures/libvirt-corpus, from Debian's libvirt 9.0 source)
// parse and serialise byte for byte, as documents and through the model of their kind: what
// the model reads must not cost a byte of what it does not.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { propertyRegistry, type XmlObject } from '../../electron/node/xml/binding.js';
import { Capabilities } from '../../electron/node/xml/capabilities.js';
import { XmlDocument } from '../../electron/node/xml/document.js';
import { DomainCapabilities } from '../../electron/node/xml/domain-capabilities.js';
import { Domain } from '../../electron/node/xml/domain.js';
import { Network } from '../../electron/node/xml/network.js';
import { Snapshot } from '../../electron/node/xml/snapshot.js';
import { StoragePool } from '../../electron/node/xml/storage-pool.js';
import { StorageVolume } from '../../electron/node/xml/storage-volume.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'libvirt-corpus');

function xmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? xmlFiles(join(dir, f)) : f.endsWith('.xml') ? [join(dir, f)] : []))
    .sort();
}

// The model of each corpus folder and the objects inside it whose properties are read too.
const MODELS: Record<string, { parse(xml: string): XmlObject; parts(o: XmlObject): XmlObject[] }> = {
  domains: { parse: (x) => Domain.parse(x), parts: (o) => (o as Domain).devices() },
  networks: {
    parse: (x) => Network.parse(x),
    parts: (o) => {
      const n = o as Network;
      return [...n.ips, ...n.ips.flatMap((i) => [...i.ranges, ...i.hosts]), ...n.dnsHosts, ...n.portgroups];
    },
  },
  pools: { parse: (x) => StoragePool.parse(x), parts: () => [] },
  volumes: { parse: (x) => StorageVolume.parse(x), parts: () => [] },
  snapshots: { parse: (x) => Snapshot.parse(x), parts: (o) => (o as Snapshot).disks },
  capabilities: {
    parse: (x) => Capabilities.parse(x),
    parts: (o) => {
      const c = o as Capabilities;
      return [...c.numaCells, ...c.guests, ...c.guests.flatMap((g) => g.domains)];
    },
  },
  'domain-capabilities': { parse: (x) => DomainCapabilities.parse(x), parts: () => [] },
};

/** Reads every bound property of an object (through the class chain's registry). */
function readAll(o: XmlObject): number {
  let n = 0;
  for (let c = o.constructor; c && c.name; c = Object.getPrototypeOf(c) as typeof c) {
    for (const def of propertyRegistry.get(c.name) ?? []) {
      void (o as unknown as Record<string, unknown>)[def.name];
      n++;
    }
  }
  return n;
}

const listed = readFileSync(join(corpus, 'files.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split(' ')[1]!);

describe('libvirt corpus', () => {
  const files = xmlFiles(corpus);

  it('holds every file files.txt lists, and only those', () => {
    assert.deepEqual(files.map((f) => relative(corpus, f)).sort(), [...listed].sort());
    assert.ok(files.length >= 500, `${files.length} files`);
  });

  it('every file parses and serialises byte-identical', () => {
    const failed: string[] = [];
    for (const f of files) {
      const xml = readFileSync(f, 'utf8');
      if (XmlDocument.parse(xml).serialize() !== xml) failed.push(relative(corpus, f));
    }
    assert.deepEqual(failed, []);
  });

  it('every file parses through the model of its kind, every property reads, and it still serialises byte-identical', () => {
    const failed: string[] = [];
    let reads = 0;
    for (const f of files) {
      const rel = relative(corpus, f);
      const model = MODELS[rel.split('/')[0]!];
      assert.ok(model, `no model for ${rel}`);
      const xml = readFileSync(f, 'utf8');
      try {
        const o = model.parse(xml);
        reads += readAll(o);
        for (const part of model.parts(o)) reads += readAll(part);
        if (o.doc.serialize() !== xml) failed.push(`${rel}: changed by reading`);
      } catch (err) {
        failed.push(`${rel}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(failed, []);
    assert.ok(reads > files.length * 5, `${reads} property reads`);
  });
});
