// libvirt's own test XMLs (test/fixtures/libvirt-corpus, from Debian's libvirt 9.0 source)
// parse and serialise byte for byte, as documents and through the model of their kind: what
// the model reads must not cost a byte of what it does not.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { XmlDocument } from '../../electron/node/xml/document.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'libvirt-corpus');

function xmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? xmlFiles(join(dir, f)) : f.endsWith('.xml') ? [join(dir, f)] : []))
    .sort();
}

const listed = readFileSync(join(corpus, 'files.txt'), 'utf8').trim().split('\n').map((l) => l.split(' ')[1]!);

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
});
