// A size and its unit (`<capacity unit='G'>10</capacity>`) as two bound properties that clear
// together: an element left with only its unit (`<capacity unit='G'/>`) is one libvirt refuses
// to parse, so clearing the value clears the unit too.
import { propertyRegistry, type XmlObject } from './binding.js';

/** Makes clearing `value` also clear `unit` on a class whose properties bindProps has bound. */
export function clearUnitWithValue(cls: { name: string; prototype: XmlObject }, pairs: readonly (readonly [value: string, unit: string])[]): void {
  const defs = propertyRegistry.get(cls.name) ?? [];
  for (const [value, unit] of pairs) {
    const valueDef = defs.find((d) => d.name === value);
    const unitDef = defs.find((d) => d.name === unit);
    if (!valueDef || !unitDef) throw new Error(`${cls.name} binds no ${value} or ${unit}`);
    Object.defineProperty(cls.prototype, value, {
      get(this: XmlObject) {
        return this.readProp(valueDef);
      },
      set(this: XmlObject, v: number | undefined) {
        if (v === undefined) this.writeProp(unitDef, undefined);
        this.writeProp(valueDef, v);
      },
      configurable: true,
    });
  }
}
