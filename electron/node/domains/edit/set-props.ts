// Setting model properties by name, as the editors send them: each name is looked up among the
// properties the object's class binds (so only what the model maps can be written), its value
// is checked against the property's kind, and it is written through the class's own setter (so
// a size clears its unit with it). A value that does not fit is invalid input, never a
// malformed definition.
import type { PropValue as WireValue } from '../../../common/api/domain-edits.js';
import { ApiError } from '../../../common/api/errors.js';
import { msg } from '../../../common/messages/messages.js';
import { propertyRegistry, type PropDef, type XmlObject } from '../../xml/binding.js';

/** Properties that an edit of properties may not set: identity, and what has its own change kind. */
const GUARDED: Record<string, ReadonlySet<string>> = {
  Domain: new Set(['type', 'name', 'uuid', 'memory', 'memoryUnit', 'currentMemory', 'currentMemoryUnit', 'vcpu', 'vcpuCurrent', 'emulator']),
};
/** Guarded on every device: the alias is libvirt's (or `ua-` names the user gave in XML). */
const DEVICE_GUARDED = new Set(['alias', 'bootOrder']);

export function propDefsOf(obj: XmlObject): readonly PropDef[] {
  return propertyRegistry.get(obj.constructor.name) ?? [];
}

function problemWith(def: PropDef, value: Exclude<WireValue, null>): string | undefined {
  switch (def.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'text';
    case 'enum':
      return typeof value === 'string' && def.values?.includes(value) ? undefined : (def.values ?? []).join(', ');
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? undefined : 'a whole number';
    case 'bool':
    case 'flag':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'list':
      return Array.isArray(value) ? undefined : 'a list';
  }
}

/** Checks every name and value of `set` for `obj` (nothing is written when one is wrong). */
export function checkProps(obj: XmlObject, object: string, set: Readonly<Record<string, WireValue>>, isDevice: boolean): void {
  const defs = propDefsOf(obj);
  const guarded = isDevice ? DEVICE_GUARDED : (GUARDED[obj.constructor.name] ?? new Set<string>());
  for (const [name, value] of Object.entries(set)) {
    const def = defs.find((d) => d.name === name);
    if (!def) throw new ApiError('invalid-input', msg('edit.unknownProperty', { object, name }));
    if (guarded.has(name)) throw new ApiError('invalid-input', msg('edit.guardedProperty', { object, name }));
    if (value === null) continue;
    const expected = problemWith(def, value);
    if (expected !== undefined) throw new ApiError('invalid-input', msg('edit.badValue', { object, name, expected }));
    if (typeof value === 'string' && /[\0-\x08\x0b\x0c\x0e-\x1f]/.test(value)) {
      throw new ApiError('invalid-input', msg('edit.badValue', { object, name, expected: 'text without control characters' }));
    }
  }
}

/** Writes checked properties (null clears) through the class's setters. */
export function writeProps(obj: XmlObject, set: Readonly<Record<string, WireValue>>): void {
  for (const [name, value] of Object.entries(set)) Reflect.set(obj, name, value ?? undefined);
}
