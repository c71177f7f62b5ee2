// Reading the model's property values as `domains.hardware` sends them (an absent property is
// left out), and sizes between the definition's units and what the editors show.
import { unitBytes } from '../../../../../electron/common/memory-units.js';
import type { HardwareDevice } from '../../../../../electron/common/api/domain-edits.js';

export type Props = HardwareDevice['props'];

export function text(props: Props, name: string): string | undefined {
  const v = props[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function num(props: Props, name: string): number | undefined {
  const v = props[name];
  return typeof v === 'number' ? v : undefined;
}

export function bool(props: Props, name: string): boolean | undefined {
  const v = props[name];
  return typeof v === 'boolean' ? v : undefined;
}

export function list(props: Props, name: string): string[] {
  const v = props[name];
  return Array.isArray(v) ? v : [];
}

/** A size property with its unit property (`memory` + `memoryUnit`), in KiB; undefined when absent or in an unknown unit. */
export function sizeKiB(props: Props, value: string, unit: string): number | undefined {
  const v = num(props, value);
  const per = unitBytes(text(props, unit));
  return v === undefined || per === undefined ? undefined : Math.round((v * per) / 1024);
}

/** Passwords never show: `passwd='…'` in XML and diffs is masked. */
export function maskSecrets(xml: string): string {
  return xml.replace(/(\bpasswd=)(['"])[^'"]*\2/g, '$1$2••••••$2');
}
