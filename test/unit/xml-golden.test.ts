// Golden pairs for the domain model: each test/fixtures/xml/cases/NAME-in.xml starts with a
// comment that says one edit (`<!-- edit: disk[0] sourceFile = "/x" -->`, `... clear -->`);
// applied through the model, the document must serialise to NAME-out.xml byte for byte. Every
// property of every mapped class must be set, changed and cleared by some pair.
// UPDATE_GOLDEN=1 rewrites the -out files (review their diff before committing).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { propertyRegistry, type PropValue, type XmlObject } from '../../electron/node/xml/binding.js';
import { DEVICE_CLASSES } from '../../electron/node/xml/devices/index.js';
import { Domain } from '../../electron/node/xml/domain.js';
import { root } from '../support/serve-process.js';

const CASES = join(root, 'test', 'fixtures', 'xml', 'cases');
const update = process.env.UPDATE_GOLDEN === '1';
const EDIT = /^<!-- edit: (domain|([a-z]+)\[(\d+)\]) (\w+) (?:= (.*?)|clear) -->/;

interface Edit {
  className: string;
  prop: string;
  op: 'set' | 'change' | 'clear';
  apply(d: Domain): void;
}

function parseEdit(name: string, xml: string): Edit {
  const m = EDIT.exec(xml);
  assert.ok(m, `${name}: the first line must be an edit comment`);
  const [, target, kind, index, prop, json] = m;
  const value = json === undefined ? undefined : (JSON.parse(json) as PropValue);
  const op = (name.match(/-(set|change|clear)$/)?.[1] ?? '') as Edit['op'];
  assert.ok(op, `${name}: the name must end in -set, -change or -clear`);
  const objectOf = (d: Domain): XmlObject => {
    if (target === 'domain') return d;
    const dev = d.devices(kind ?? '')[Number(index)];
    assert.ok(dev, `${name}: no ${target} in the input`);
    return dev;
  };
  const className = target === 'domain' ? 'Domain' : (DEVICE_CLASSES[kind as keyof typeof DEVICE_CLASSES]?.name ?? kind ?? '');
  return {
    className,
    prop: prop ?? '',
    op,
    apply(d) {
      const o = objectOf(d) as unknown as Record<string, unknown>;
      assert.ok(prop && prop in o, `${name}: ${className} has no property ${prop}`);
      // A flag is absent when false; any other property when undefined.
      const flag = propertyRegistry.get(className)?.find((d) => d.name === prop)?.kind === 'flag';
      const absent = (v: unknown): boolean => v === undefined || (flag && v === false);
      const before = o[prop];
      if (op === 'set') assert.ok(absent(before), `${name}: a set case starts without the property`);
      else assert.ok(!absent(before), `${name}: a ${op} case starts with the property`);
      if (op === 'change') assert.notDeepEqual(value, before, `${name}: a change case changes the value`);
      o[prop] = value;
      // What was written reads back (a cleared property reads as absent).
      const after = o[prop];
      if (op === 'clear') assert.ok(absent(after), `${name}: reads ${String(after)} after clearing`);
      else assert.deepEqual(after, value, `${name}: reads back what was set`);
    },
  };
}

const names = readdirSync(CASES)
  .filter((f) => f.endsWith('-in.xml'))
  .map((f) => f.slice(0, -'-in.xml'.length))
  .sort();

describe('domain model golden pairs', () => {
  it('applies each edit and serialises to the -out file byte for byte, the rest untouched', () => {
    assert.ok(names.length > 0);
    for (const name of names) {
      const input = readFileSync(join(CASES, `${name}-in.xml`), 'utf8');
      const edit = parseEdit(name, input);
      const d = Domain.parse(input);
      edit.apply(d);
      const out = d.serialize();
      const outFile = join(CASES, `${name}-out.xml`);
      if (update) writeFileSync(outFile, out);
      assert.equal(out, readFileSync(outFile, 'utf8'), name);
      // The output is a document the model reads again, with the edit in it.
      assert.equal(Domain.parse(out).serialize(), out);
    }
  });

  it('restores the document byte for byte when a cleared property is set again', () => {
    // NAME-set-in is NAME-clear-out: setting the value back must give NAME-clear-in again.
    const body = (f: string): string => readFileSync(join(CASES, f), 'utf8').replace(/^<!--.*?-->\r?\n/, '');
    let pairs = 0;
    for (const name of names.filter((n) => n.endsWith('-set'))) {
      const clear = `${name.slice(0, -'-set'.length)}-clear`;
      if (!names.includes(clear)) continue;
      pairs++;
      assert.equal(body(`${name}-in.xml`), body(`${clear}-out.xml`), `${name} starts where ${clear} ends`);
      assert.equal(body(`${name}-out.xml`), body(`${clear}-in.xml`), `${name} restores what ${clear} removed`);
    }
    assert.ok(pairs > 100, `${pairs} set/clear pairs`);
  });

  it('sets, changes and clears every mapped property of every class in some pair', () => {
    const seen = new Set<string>();
    for (const name of names) {
      const e = parseEdit(name, readFileSync(join(CASES, `${name}-in.xml`), 'utf8'));
      seen.add(`${e.className}.${e.prop}.${e.op}`);
    }
    const missing: string[] = [];
    for (const cls of [Domain, ...Object.values(DEVICE_CLASSES)]) {
      const defs = propertyRegistry.get(cls.name);
      assert.ok(defs?.length, `${cls.name} has properties`);
      for (const def of defs) {
        // A flag is there or not: setting and clearing are all there is to it.
        const ops = def.kind === 'flag' ? ['set', 'clear'] : ['set', 'change', 'clear'];
        for (const op of ops) if (!seen.has(`${cls.name}.${def.name}.${op}`)) missing.push(`${cls.name}.${def.name}.${op}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
