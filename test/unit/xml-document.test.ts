// The lossless XML document: parse→serialize is byte-identical for any well-formed input, values
// read decoded and write escaped, and an edit changes only the bytes it edits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XmlDocument, XmlParseError } from '../../electron/node/xml/document.js';

// Generated well-formed XML with everything the document must keep: both quote styles, spacing
// inside tags, references (character, predefined, hex), comments, CDATA, PIs, namespaces, CRLF.
const name = fc.constantFrom('a', 'b', 'disk', 'qemu:arg', 'vd:meta', 'x-y.z', '_n');
const attrValue = fc.array(fc.constantFrom('v', ' ', '&amp;', '&#10;', '&#x9;', '&lt;', '>', '\n', '\t', 'é', '&apos;', '&quot;'), { maxLength: 6 }).map((p) => p.join(''));
const ws = fc.constantFrom('', ' ', '  ', '\n', '\r\n\t');
const ws1 = fc.constantFrom(' ', '  ', '\n  ', '\t');
const attribute = fc
  .tuple(ws1, fc.constantFrom('type', 'dev', 'xmlns:qemu', 'name', 'qemu:x'), ws, fc.constantFrom('"', "'"), attrValue, ws)
  .map(([lead, n, s1, q, v, s2]) => ({ n, text: `${lead}${n}${s1}=${s2}${q}${v.replace(new RegExp(q, 'g'), q === '"' ? '&quot;' : '&apos;')}${q}` }));
const text = fc.array(fc.constantFrom('t', ' ', '\n', '\r\n', '&amp;', '&#10;', '&gt;', '>', ']', '&#x1F600;', 'ü'), { maxLength: 6 }).map((p) => p.join(''));
const misc = fc.constantFrom('<!-- c -->', '<!---->', '<?pi data?>', '<![CDATA[<x>&amp;]]>', '<!-- a -- b -->'.replace('-- b', ' b'));

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .tuple(
      name,
      fc.uniqueArray(attribute, { selector: (a) => a.n, maxLength: 3 }),
      ws,
      fc.boolean(),
      fc.array(depth > 1 ? fc.oneof(text, misc, element(depth - 1)) : fc.oneof(text, misc), { maxLength: 4 }),
      ws,
    )
    .map(([n, attrs, tail, empty, content, closeWs]) => {
      const open = `<${n}${attrs.map((a) => a.text).join('')}${tail}`;
      return empty && content.length === 0 ? `${open}/>` : `${open}>${content.join('')}</${n}${closeWs}>`;
    }),
);
const documentXml = fc
  .tuple(
    fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', "\ufeff<?xml version='1.0'?>"),
    fc.array(fc.constantFrom('<!-- top -->', '\n', '<!DOCTYPE d [ <!ENTITY e "x>y"> ]>'), { maxLength: 2 }),
    element(4),
    fc.constantFrom('', '\n', '\n<!-- end -->\n'),
  )
  .map(([decl, pre, root, post]) => decl + pre.filter((p, i) => !p.startsWith('<!DOCTYPE') || pre.indexOf(p) === i).join('') + root + post);

describe('XML document', () => {
  it('serialises any well-formed document byte for byte as it was parsed', () => {
    fc.assert(
      fc.property(documentXml, (xml) => {
        assert.equal(XmlDocument.parse(xml).serialize(), xml);
      }),
      { numRuns: 500 },
    );
  });

  it('reads values decoded: references, attribute whitespace normalisation, CDATA', () => {
    const d = XmlDocument.parse(`<r a="x&#10;y" b='p\nq&amp;&lt;' c="&#x41;&quot;"><t>a&amp;b&#10;c&gt;</t><c><![CDATA[<&>]]>!</c></r>`);
    assert.equal(d.root.attr('a'), 'x\ny');
    assert.equal(d.root.attr('b'), 'p q&<');
    assert.equal(d.root.attr('c'), 'A"');
    assert.equal(d.root.attr('missing'), undefined);
    assert.equal(d.root.element('t')?.text, 'a&b\nc>');
    assert.equal(d.root.element('c')?.text, '<&>!');
  });

  it('writes user strings escaped, so that they read back unchanged and never become markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (a, t) => {
        const d = XmlDocument.parse(`<r q="1"><t/></r>`);
        // XML cannot carry most control characters: such a value is refused, not written.
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(a + t)) {
          assert.throws(() => {
            d.root.setAttr('q', a);
            const e = d.root.element('t');
            if (e) e.text = t;
          }, RangeError);
          return;
        }
        d.root.setAttr('q', a).setAttr('n', a);
        const el = d.root.element('t');
        assert.ok(el);
        el.text = t;
        const back = XmlDocument.parse(d.serialize());
        assert.equal(back.root.attr('q'), a);
        assert.equal(back.root.attr('n'), a);
        assert.equal(back.root.element('t')?.text, t);
        assert.equal(back.root.elements().length, 1);
      }),
      { numRuns: 300 },
    );
  });

  it('changes only the edited bytes: an attribute keeps its place, spacing and quote', () => {
    const xml = `<domain type='kvm'>\n  <name>a</name>\n  <memory unit="KiB"  >1024</memory>\n</domain>\n`;
    const d = XmlDocument.parse(xml);
    d.root.element('memory')?.setAttr('unit', 'MiB');
    assert.equal(d.serialize(), xml.replace('"KiB"', '"MiB"'));
  });

  it('indents new elements like their siblings, and one level deeper in an empty parent', () => {
    const d = XmlDocument.parse(`<domain>\n\t<os/>\n\t<devices>\n\t\t<disk/>\n\t</devices>\n</domain>`);
    const devices = d.root.element('devices');
    const os = d.root.element('os');
    assert.ok(devices && os);
    devices.insert(d.createElement('interface', { type: 'network' }));
    const disk = devices.element('disk');
    devices.insert(d.createElement('emulator'), disk);
    os.insert(d.createElement('boot', { dev: 'hd' }));
    assert.equal(
      d.serialize(),
      `<domain>\n\t<os>\n\t\t<boot dev='hd'/>\n\t</os>\n\t<devices>\n\t\t<emulator/>\n\t\t<disk/>\n\t\t<interface type='network'/>\n\t</devices>\n</domain>`,
    );
    // Removing takes the indentation with it: the document is back as it was, but for <os>.
    devices.element('emulator')?.remove();
    devices.element('interface')?.remove();
    os.element('boot')?.remove();
    assert.equal(d.serialize(), `<domain>\n\t<os/>\n\t<devices>\n\t\t<disk/>\n\t</devices>\n</domain>`);
  });

  it('resolves namespaces, foreign metadata included', () => {
    const d = XmlDocument.parse(
      `<domain xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"><metadata><x:a xmlns:x="urn:x"/><b xmlns="urn:b"/></metadata><qemu:commandline/></domain>`,
    );
    assert.equal(d.root.element('qemu:commandline')?.namespaceURI, 'http://libvirt.org/schemas/domain/qemu/1.0');
    const meta = d.root.element('metadata');
    assert.deepEqual(
      meta?.elementsNS('urn:x').map((e) => e.localName),
      ['a'],
    );
    assert.deepEqual(
      meta?.elementsNS('urn:b').map((e) => e.name),
      ['b'],
    );
    assert.equal(d.root.namespaceURI, null);
  });

  it('refuses XML that is not well-formed, saying where', () => {
    for (const bad of ['<a>', '<a></b>', '<a x="1" x="2"/>', '<a/><b/>', 'text', '<a x=1/>', '<a>&</a>', '<a><!-- x</a>', '']) {
      assert.throws(() => XmlDocument.parse(bad), XmlParseError, bad);
    }
  });
});
