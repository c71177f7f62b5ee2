// Declarative properties on XML, after virt-manager's virtinst (xmlbuilder.py): each property is
// bound to a path relative to its object's element (`./memory`, `./os/boot/@dev`,
// `./features/acpi`). Reading decodes; setting creates the elements the path needs, in schema
// order, indented like their siblings; clearing removes only the node and then each ancestor up
// to the object's element that it left empty. Everything else in the document is untouched.
import type { XmlElement, XmlDocument } from './document.js';

export type PropKind = 'string' | 'int' | 'bool' | 'enum' | 'flag' | 'list';

export interface PropDef {
  name: string;
  /** `./a/b` (text of b), `./a/@x` (attribute), `./a/b` with kind flag (presence), list: `./a/@x` of every a. */
  path: string;
  kind: PropKind;
  /** enum: the accepted values. */
  values?: readonly string[];
  /** bool: how true and false are written (default yes/no). */
  words?: readonly [string, string];
}

/** Values by kind: string/enum → string, int → number, bool/flag → boolean, list → string[]. */
export type PropValue = string | number | boolean | readonly string[];

/** Element order in the schema, by element path relative to the object ('' for the object's own children). */
export type SchemaOrder = Record<string, readonly string[]>;

interface ParsedPath {
  steps: string[];
  attr: string | null;
}

const pathCache = new Map<string, ParsedPath>();
function parsePath(path: string): ParsedPath {
  let p = pathCache.get(path);
  if (!p) {
    const parts = path
      .replace(/^\.\/?/, '')
      .split('/')
      .filter(Boolean);
    const last = parts[parts.length - 1];
    const attr = last?.startsWith('@') ? last.slice(1) : null;
    p = { steps: attr ? parts.slice(0, -1) : parts, attr };
    pathCache.set(path, p);
  }
  return p;
}

/** Every class's bound properties, by class name: the golden tests check each is exercised. */
export const propertyRegistry = new Map<string, readonly PropDef[]>();

export class XmlPropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlPropertyError';
  }
}

/** An object bound to one element of a document: a domain, a device, a network... */
export abstract class XmlObject {
  constructor(
    readonly doc: XmlDocument,
    readonly el: XmlElement,
  ) {}

  /** The schema order of child elements, for creating them in place. */
  protected schemaOrder(): SchemaOrder {
    return {};
  }

  /** The element at a path of element steps, or undefined. */
  find(steps: readonly string[]): XmlElement | undefined {
    let e: XmlElement | undefined = this.el;
    for (const s of steps) {
      e = e.element(s);
      if (!e) return undefined;
    }
    return e;
  }

  /** The element at the path, created (in schema order) where missing. */
  ensure(steps: readonly string[]): XmlElement {
    let e = this.el;
    const order = this.schemaOrder();
    steps.forEach((s, i) => {
      const found = e.element(s);
      if (found) {
        e = found;
        return;
      }
      const created = this.doc.createElement(s);
      e.insert(created, nextInOrder(e, s, order[steps.slice(0, i).join('/')]));
      e = created;
    });
    return e;
  }

  /** Removes an element, then each ancestor below this object's element that is left empty. */
  prune(from: XmlElement | undefined): void {
    let e = from;
    while (e && e !== this.el && isEmpty(e)) {
      const parent: XmlElement | null = e.parent;
      e.remove();
      e = parent ?? undefined;
    }
  }

  /** Reads a bound property by its definition. */
  readProp(def: PropDef): PropValue | undefined {
    const { steps, attr } = parsePath(def.path);
    if (def.kind === 'list') {
      const parentSteps = steps.slice(0, -1);
      const leaf = steps[steps.length - 1] ?? '';
      const parent = this.find(parentSteps);
      if (!parent) return undefined;
      const values = parent
        .elements(leaf)
        .map((e) => (attr ? e.attr(attr) : e.text))
        .filter((v): v is string => v !== undefined);
      return values.length ? values : undefined;
    }
    const e = this.find(steps);
    if (def.kind === 'flag') return e !== undefined;
    if (!e) return undefined;
    // An element with no text holds no value (libvirt reads <title/> as no title).
    const raw = attr ? e.attr(attr) : e.text || undefined;
    if (raw === undefined) return undefined;
    switch (def.kind) {
      case 'int': {
        const n = Number(raw.trim());
        return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
      }
      case 'bool': {
        const [yes, no] = def.words ?? ['yes', 'no'];
        return raw === yes ? true : raw === no ? false : undefined;
      }
      default:
        return raw;
    }
  }

  /** Writes a bound property; undefined (or false for a flag) clears it. */
  writeProp(def: PropDef, value: PropValue | undefined | null): void {
    const { steps, attr } = parsePath(def.path);
    if (def.kind === 'list') {
      const parentSteps = steps.slice(0, -1);
      const leaf = steps[steps.length - 1] ?? '';
      const parent = this.find(parentSteps);
      const values = (value ?? []) as readonly string[];
      const existing = parent?.elements(leaf) ?? [];
      // Keep the elements that are there (and what they hold), edit them in place, add or remove the difference.
      values.forEach((v, i) => {
        const e = existing[i] ?? this.appendLeaf(parentSteps, leaf, existing[existing.length - 1]);
        if (attr) e.setAttr(attr, v);
        else e.text = v;
      });
      for (const e of existing.slice(values.length)) e.remove();
      if (values.length === 0) this.prune(parent);
      return;
    }
    if (def.kind === 'flag') {
      if (value === true) this.ensure(steps);
      else this.prune(this.removeAt(steps));
      return;
    }
    if (value === undefined || value === null) {
      const e = this.find(steps);
      if (!e) return;
      // Only this property's node goes: an element keeps the attributes other properties hold.
      if (attr) e.removeAttr(attr);
      else if (e !== this.el) e.text = '';
      this.prune(e);
      return;
    }
    const text = this.format(def, value);
    const e = this.ensure(steps);
    if (attr) e.setAttr(attr, text, this.attributesAfter(def, steps));
    else e.text = text;
  }

  /** The attributes this class binds on the same element after `def`: a new attribute goes before them. */
  private attributesAfter(def: PropDef, steps: readonly string[]): string[] {
    const defs = propertyRegistry.get(this.constructor.name) ?? [];
    const key = steps.join('/');
    const same = defs.map((d) => parsePath(d.path)).filter((x) => x.attr && x.steps.join('/') === key);
    const names = [...new Set(same.map((x) => x.attr as string))];
    return names.slice(names.indexOf(parsePath(def.path).attr as string) + 1);
  }

  private removeAt(steps: readonly string[]): XmlElement | undefined {
    const e = this.find(steps);
    if (!e || e === this.el) return undefined;
    const parent = e.parent ?? undefined;
    e.remove();
    return parent;
  }

  private appendLeaf(parentSteps: readonly string[], leaf: string, after: XmlElement | undefined): XmlElement {
    const parent = this.ensure(parentSteps);
    const created = this.doc.createElement(leaf);
    const next = after ? after.parent?.elements().find((_e, i, all) => all[i - 1] === after) : nextInOrder(parent, leaf, this.schemaOrder()[parentSteps.join('/')]);
    return parent.insert(created, next ?? null);
  }

  private format(def: PropDef, value: PropValue): string {
    switch (def.kind) {
      case 'int':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new XmlPropertyError(`${def.name} must be a whole number, not ${String(value)}`);
        return String(value);
      case 'bool': {
        if (typeof value !== 'boolean') throw new XmlPropertyError(`${def.name} must be true or false`);
        const [yes, no] = def.words ?? ['yes', 'no'];
        return value ? yes : no;
      }
      case 'enum':
        if (typeof value !== 'string' || !def.values?.includes(value)) throw new XmlPropertyError(`${def.name} must be one of ${def.values?.join(', ')}, not ${String(value)}`);
        return value;
      default:
        if (typeof value !== 'string') throw new XmlPropertyError(`${def.name} must be text`);
        return value;
    }
  }
}

function isEmpty(e: XmlElement): boolean {
  return e.attributes.length === 0 && e.children.every((c) => c.kind === 'text' && c.isWhitespace);
}

/** The existing child that a new `name` goes before, by the schema order (null: append). */
export function nextInOrder(parent: XmlElement, name: string, order: readonly string[] | undefined): XmlElement | null {
  if (!order) return null;
  const rank = order.indexOf(name);
  if (rank < 0) return null;
  return parent.elements().find((c) => order.indexOf(c.name) > rank) ?? null;
}

type PropTypes<K extends PropKind> = K extends 'int' ? number : K extends 'bool' | 'flag' ? boolean : K extends 'list' ? readonly string[] : string;

/**
 * Binds properties to a class: each becomes an accessor (undefined when absent; assigning
 * undefined clears) and is listed in the registry under the class's name.
 */
export function bindProps(cls: { name: string; prototype: XmlObject }, defs: readonly PropDef[]): void {
  const inherited = propertyRegistry.get((Object.getPrototypeOf(cls) as { name: string }).name) ?? [];
  propertyRegistry.set(cls.name, [...inherited, ...defs]);
  for (const def of defs) {
    Object.defineProperty(cls.prototype, def.name, {
      get(this: XmlObject) {
        return this.readProp(def);
      },
      set(this: XmlObject, v: PropValue | undefined) {
        this.writeProp(def, v);
      },
      configurable: true,
    });
  }
}

/** Short constructors for property definitions. */
export const p = {
  str: (name: string, path: string): PropDef => ({ name, path, kind: 'string' }),
  int: (name: string, path: string): PropDef => ({ name, path, kind: 'int' }),
  bool: (name: string, path: string, words?: readonly [string, string]): PropDef => ({ name, path, kind: 'bool', ...(words ? { words } : {}) }),
  onOff: (name: string, path: string): PropDef => ({ name, path, kind: 'bool', words: ['on', 'off'] }),
  enum: (name: string, path: string, values: readonly string[]): PropDef => ({ name, path, kind: 'enum', values }),
  flag: (name: string, path: string): PropDef => ({ name, path, kind: 'flag' }),
  list: (name: string, path: string): PropDef => ({ name, path, kind: 'list' }),
};

export type { PropTypes };
