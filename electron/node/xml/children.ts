// Repeated child elements as objects (a network's <ip>s, a DHCP range, a snapshot's disks): each
// bound to its own element, created after its last sibling of the same name (else in schema
// order) and removed with only its own bytes.
import { nextInOrder, type XmlObject } from './binding.js';
import type { XmlElement } from './document.js';

/** An object for each `name` child of the element at `parentSteps` (none when that is absent). */
export function childObjects<T>(owner: XmlObject, parentSteps: readonly string[], name: string, make: (el: XmlElement, index: number) => T): T[] {
  return (owner.find(parentSteps)?.elements(name) ?? []).map(make);
}

/**
 * A new `name` element under the element at `parentSteps` (created where missing), placed after
 * the last child of the same name, else before the first child that `order` puts after it.
 */
export function appendChild(
  owner: XmlObject,
  parentSteps: readonly string[],
  name: string,
  order: readonly string[],
  attributes: Record<string, string | undefined> = {},
): XmlElement {
  const parent = owner.ensure(parentSteps);
  const created = owner.doc.createElement(name, attributes);
  const same = parent.elements(name);
  const last = same[same.length - 1];
  const all = parent.elements();
  const before = last ? (all[all.indexOf(last) + 1] ?? null) : nextInOrder(parent, name, order);
  return parent.insert(created, before);
}

/** Removes a child object's element, then each ancestor below the owner that it left empty. */
export function removeChild(owner: XmlObject, child: XmlElement): void {
  const parent = child.parent ?? undefined;
  child.remove();
  owner.prune(parent);
}
