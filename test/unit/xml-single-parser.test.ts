// One XML layer: nothing in electron/node outside electron/node/xml/ parses XML on its own —
// no XML library, no DOMParser, no regular expression or string search that picks tags,
// attributes or entities out of XML text. Readers and writers go through electron/node/xml/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const backend = join(root, 'electron', 'node');
const xmlLayer = join(backend, 'xml') + sep;

const XML_LIBRARIES = [
  'fast-xml-parser',
  '@xmldom/xmldom',
  'xmldom',
  'xml2js',
  'xml-js',
  'sax',
  'saxes',
  'txml',
  'libxmljs',
  'libxmljs2',
  'htmlparser2',
  'xmlbuilder',
  'xmlbuilder2',
  'linkedom',
  'jsdom',
];

interface Finding {
  line: number;
  why: string;
  text: string;
}

// A regular expression (literal or RegExp string) whose pattern names a tag: `<` followed by a
// name, a group, a class, `/`, `!` or `?`; or one that decodes entity references (`&#`, `&(`).
const TAG_PATTERN = /<(?:\\?\/|[A-Za-z_([!?]|\\w|\\s)|&(?:#|\(|\[)/;
// Regex literals: the positions JavaScript allows one (after an operator or a keyword).
const REGEX_LITERAL = /(?:^|[=(,:[!&|?{};]|\breturn|\btypeof)\s*\/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/[dgimsuvy]*/g;
const REGEXP_CTOR = /\bnew\s+RegExp\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
// String searches for markup in text: xml.includes('<disk'), indexOf("</name>"), split('<'), …
const STRING_SEARCH = /\.(?:includes|indexOf|lastIndexOf|startsWith|endsWith|split|search|replace|replaceAll|match)\(\s*(['"`])<[/A-Za-z!?]/g;

/** What in one source file looks like a second XML parser. */
export function findXmlParsing(source: string): Finding[] {
  const out: Finding[] = [];
  const lines = source.split('\n');
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (text.startsWith('//') || text.startsWith('*') || text.startsWith('/*')) return;
    const add = (why: string): void => void out.push({ line: i + 1, why, text });
    for (const m of raw.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (XML_LIBRARIES.some((lib) => spec === lib || spec.startsWith(`${lib}/`))) add(`imports ${spec}`);
    }
    if (/\b(DOMParser|XMLSerializer|parseFromString)\b/.test(raw)) add('uses the DOM parser');
    for (const m of raw.matchAll(REGEX_LITERAL)) if (TAG_PATTERN.test(m[1]!)) add(`regular expression over XML: /${m[1]}/`);
    for (const m of raw.matchAll(REGEXP_CTOR)) if (TAG_PATTERN.test(m[2]!)) add(`regular expression over XML: ${m[2]}`);
    if (STRING_SEARCH.test(raw)) add('string search for markup');
    STRING_SEARCH.lastIndex = 0;
  });
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('one XML parser in electron/node', () => {
  it('the detector finds each way of parsing XML on the side', () => {
    const samples: [string, RegExp][] = [
      ["import { XMLParser } from 'fast-xml-parser';", /fast-xml-parser/],
      ["import { DOMParser } from '@xmldom/xmldom';", /xmldom|DOM parser/],
      ["const lib = await import('xml2js');", /xml2js/],
      ['const doc = new DOMParser().parseFromString(xml, "text/xml");', /DOM parser/],
      ['const name = /<name>([^<]*)<\\/name>/.exec(xml)?.[1];', /regular expression/],
      ['const UNUSED = /<([a-z-]+) xml:lang="[^"]*">[^<]*<\\/\\1>/g;', /regular expression/],
      ['return s.replace(/&(#x[0-9a-f]+|amp);/g, decode);', /regular expression/],
      ["const re = new RegExp('<disk[^>]*>', 'g');", /regular expression/],
      ["if (xml.includes('<disk type=')) return;", /string search/],
      ['const parts = xml.split("</interface>");', /string search/],
    ];
    for (const [src, why] of samples) {
      const found = findXmlParsing(src);
      assert.equal(found.length > 0, true, `not found: ${src}`);
      assert.match(found.map((f) => f.why).join('; '), why, src);
    }
    const clean = [
      'if (a < b && c > d) return a / b;',
      'const rate = bytes / (ms / 1000);',
      'const ok = /^[a-z0-9-]+$/.test(name);',
      '// <domain> is parsed by electron/node/xml/',
      'const escaped = text.replace(/[&<>"]/g, escapeChar);',
      'for (let i = 0; i < n; i++) x = y / 2;',
    ];
    for (const src of clean) assert.deepEqual(findXmlParsing(src), [], src);
  });

  it('electron/node parses XML only in electron/node/xml/', () => {
    const offenders = tsFiles(backend)
      .filter((f) => !f.startsWith(xmlLayer))
      .flatMap((f) => findXmlParsing(readFileSync(f, 'utf8')).map((x) => `${relative(root, f)}:${x.line}: ${x.why}\n    ${x.text}`));
    assert.equal(offenders.length, 0, `XML parsed outside electron/node/xml/:\n${offenders.join('\n')}`);
  });
});
