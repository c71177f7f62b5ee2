// Writes the -in files of the domain model golden cases (test/fixtures/xml/cases) from the two
// base documents in test/fixtures/xml/base: for every bound property of Domain and each device
// class, a change and a clear of its value in the base, and a set of it into the cleared base.
// Run from the repository root: npx tsx test/support/xml-golden-cases.ts, then
// UPDATE_GOLDEN=1 on test/unit/xml-golden.test.ts, and review the diff. Hand-written cases stay.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { propertyRegistry, type PropDef, type PropValue, type XmlObject } from '../../electron/node/xml/binding.js';
import { DEVICE_CLASSES } from '../../electron/node/xml/devices/index.js';
import { Domain } from '../../electron/node/xml/domain.js';
const dir = 'test/fixtures/xml/cases';
mkdirSync(dir, { recursive: true });
const bases = { domain: readFileSync('test/fixtures/xml/base/domain.xml', 'utf8'), devices: readFileSync('test/fixtures/xml/base/devices.xml', 'utf8') };
const special: Record<string, PropValue> = { title: 'Golden <VM> & "friends"', description: 'Two lines:\nfirst & second', name: 'golden-renamed', serial: 'A&B <1>' };
function alt(def: PropDef, cur: PropValue): PropValue {
  if (special[def.name] !== undefined) return special[def.name]!;
  switch (def.kind) {
    case 'enum':
      return def.values!.find((v) => v !== cur)!;
    case 'int':
      return (cur as number) + 1;
    case 'bool':
      return !cur;
    case 'list':
      return ['network', ...[...(cur as string[])].reverse()];
    default:
      return `${cur as string}-2`;
  }
}
const missing: string[] = [];
const kindOf = new Map(Object.entries(DEVICE_CLASSES).map(([k, c]) => [c.name, k]));
for (const cls of [Domain, ...Object.values(DEVICE_CLASSES)]) {
  const kind = kindOf.get(cls.name);
  for (const def of propertyRegistry.get(cls.name)!) {
    const base = kind ? bases.devices : bases.domain;
    let target: string | undefined;
    const pick = (d: Domain): XmlObject | undefined => {
      if (!kind) return d;
      const i = Number(target!.match(/\[(\d+)\]/)![1]);
      return d.devices(kind)[i];
    };
    if (!kind) target = 'domain';
    else {
      const devs = Domain.parse(base).devices(kind);
      const i = devs.findIndex((x) => {
        const v = x.readProp(def);
        return v !== undefined && !(def.kind === 'flag' && v === false);
      });
      if (i >= 0) target = `${kind}[${i}]`;
    }
    const cur = target ? pick(Domain.parse(base))!.readProp(def) : undefined;
    if (cur === undefined || (def.kind === 'flag' && cur === false)) {
      missing.push(`${cls.name}.${def.name}`);
      continue;
    }
    const fname = `${cls.name.toLowerCase()}-${def.name}`;
    const write = (op: string, input: string, value: PropValue | undefined) => {
      const c = `<!-- edit: ${target} ${def.name} ${value === undefined ? 'clear' : `= ${JSON.stringify(value)}`} -->\n`;
      writeFileSync(`${dir}/${fname}-${op}-in.xml`, c + input);
    };
    write('clear', base, undefined);
    if (def.kind !== 'flag') write('change', base, alt(def, cur));
    const d = Domain.parse(base);
    pick(d)!.writeProp(def, undefined);
    write('set', d.serialize(), cur);
  }
}
console.log('missing', missing);
