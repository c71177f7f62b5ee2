// Writes the golden pairs of the host-side XML models from each kind's base.xml: for every
// property, a set case (the input is base.xml with the property cleared, the edit sets base's
// value back), a change case and a clear case (flags: set and clear). The -out files are what
// the model writes: review their diff before committing. Usage:
//   node --conditions=source --import tsx test/support/gen-xml-golden-host.ts
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { propertyRegistry, type PropDef, type PropValue } from '../../electron/node/xml/binding.js';
import { root } from './serve-process.js';
import { GOLDEN_KINDS, editComment, resolveTarget } from './xml-golden-host.js';

// Values that also check escaping where users type text.
const SPECIAL: Record<string, PropValue> = { description: 'Two lines:\nfirst & <second>', name: 'golden "renamed" & <co>' };

function alt(def: PropDef, cur: PropValue): PropValue {
  if (SPECIAL[def.name] !== undefined && def.kind === 'string') return SPECIAL[def.name]!;
  switch (def.kind) {
    case 'enum':
      return def.values!.find((v) => v !== cur)!;
    case 'int':
      return (cur as number) + 1;
    case 'bool':
      return !(cur as boolean);
    case 'list':
      return [...[...(cur as string[])].reverse(), `${(cur as string[])[0]}-2`];
    default:
      return `${cur as string}-2`;
  }
}

for (const k of GOLDEN_KINDS) {
  const dir = join(root, 'test', 'fixtures', 'xml', k.kind);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f !== 'base.xml') rmSync(join(dir, f));
  const base = readFileSync(join(dir, 'base.xml'), 'utf8');
  for (const { cls, target: main, per } of k.classes) {
    for (const def of propertyRegistry.get(cls.name) ?? []) {
      const target = per?.[def.name] ?? main;
      const read = (xml: string): Record<string, PropValue | undefined> => resolveTarget(k.parse(xml), k.kind, target) as unknown as Record<string, PropValue | undefined>;
      const cur = read(base)[def.name];
      if (cur === undefined || (def.kind === 'flag' && cur === false)) throw new Error(`${k.kind}/base.xml: ${target} has no ${def.name}`);
      const write = (op: string, input: string, value: PropValue | undefined): void => {
        const doc = k.parse(input);
        (resolveTarget(doc, k.kind, target) as unknown as Record<string, PropValue | undefined>)[def.name] = value;
        const name = `${cls.name}-${def.name}-${op}`;
        const comment = editComment(target, def.name, value);
        writeFileSync(join(dir, `${name}-in.xml`), comment + input);
        writeFileSync(join(dir, `${name}-out.xml`), comment + doc.doc.serialize().slice(0));
      };
      const cleared = k.parse(base);
      (resolveTarget(cleared, k.kind, target) as unknown as Record<string, PropValue | undefined>)[def.name] = undefined;
      write('set', cleared.doc.serialize(), cur);
      if (def.kind !== 'flag') write('change', base, alt(def, cur));
      write('clear', base, undefined);
    }
  }
}
