// The lossless document on real-world XML: every XML file libvirt and libosinfo install on this
// machine (schemas, CPU maps, the API description, the osinfo database, the daemon's own pool
// definitions) parses and serialises byte for byte; and an edit through the domain model of
// each New VM golden definition changes only the edited bytes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XmlDocument } from '../../electron/node/xml/document.js';
import { Domain } from '../../electron/node/xml/domain.js';
import { root } from '../support/serve-process.js';

const DIRS = ['/usr/share/libvirt', '/usr/share/osinfo', '/etc/libvirt'];

function* xmlFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // unreadable (root-only) entries are not part of the corpus
    }
    if (st.isDirectory()) yield* xmlFiles(path);
    else if (/\.(xml|rng)$/.test(name)) yield path;
  }
}

describe('XML corpus round trip', () => {
  it('serialises every installed libvirt/osinfo XML file byte for byte', () => {
    let files = 0;
    let bytes = 0;
    for (const dir of DIRS) {
      for (const path of xmlFiles(dir)) {
        let xml: string;
        try {
          xml = readFileSync(path, 'utf8');
        } catch {
          continue;
        }
        assert.equal(XmlDocument.parse(xml).serialize(), xml, path);
        files++;
        bytes += xml.length;
      }
    }
    // libvirt and osinfo-db are installed wherever Virtdeck's tests run (CI installs them too).
    assert.ok(files > 500, `only ${files} files (${bytes} characters) found`);
  });

  it('edits the New VM definitions in place: only the edited properties change', () => {
    for (const f of readdirSync(join(root, 'test', 'fixtures', 'create')).filter((n) => n.endsWith('.xml'))) {
      const xml = readFileSync(join(root, 'test', 'fixtures', 'create', f), 'utf8');
      const d = Domain.parse(xml);
      assert.equal(d.serialize(), xml, f);
      const memory = d.memory;
      assert.ok(memory !== undefined, f);
      d.memory = memory * 2;
      d.title = 'edited';
      const out = d.serialize();
      const expected = xml.replace(`>${memory}</memory>`, `>${memory * 2}</memory>`).replace(/(<name>[^<]*<\/name>\n)/, '$1  <title>edited</title>\n');
      assert.equal(out, expected, f);
    }
  });
});
