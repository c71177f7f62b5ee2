// osinfo-db's media rules against an ISO's Primary Volume Descriptor, as libosinfo applies
// them: each stated field is a regular expression searched (not anchored) in the descriptor's
// field with its padding removed; unstated fields match anything; a stated volume size must be
// equal; a rule that states nothing matches nothing.
import type { IsoVolumeDescriptor } from './os-entry.js';
import type { OsRecord, RawMedia } from './os-record.js';

export interface CompiledRule {
  os: OsRecord;
  media: RawMedia;
  volumeId?: RegExp;
  systemId?: RegExp;
  publisherId?: RegExp;
  applicationId?: RegExp;
  /** How many fields the rule states: a rule that says more is the better match. */
  weight: number;
}

function compile(pattern: string | undefined): RegExp | null | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    // osinfo-db's expressions are PCRE; one that JavaScript cannot read is left out rather
    // than allowed to fail detection for every other OS.
    return null;
  }
}

export function compileRules(records: Iterable<OsRecord>): { rules: CompiledRule[]; skipped: number } {
  const rules: CompiledRule[] = [];
  let skipped = 0;
  for (const os of records) {
    for (const media of os.media) {
      const volumeId = compile(media.volumeId);
      const systemId = compile(media.systemId);
      const publisherId = compile(media.publisherId);
      const applicationId = compile(media.applicationId);
      if (volumeId === null || systemId === null || publisherId === null || applicationId === null) {
        skipped++;
        continue;
      }
      const weight = [volumeId, systemId, publisherId, applicationId, media.volumeSize].filter((x) => x !== undefined).length;
      if (weight === 0) continue;
      rules.push({ os, media, volumeId, systemId, publisherId, applicationId, weight });
    }
  }
  return { rules, skipped };
}

const fits = (re: RegExp | undefined, value: string) => re === undefined || re.test(value);

export function ruleMatches(rule: CompiledRule, pvd: IsoVolumeDescriptor, arch?: string): boolean {
  if (arch && rule.media.arch !== arch && rule.media.arch !== 'all') return false;
  if (rule.media.volumeSize !== undefined && rule.media.volumeSize !== pvd.volumeSize) return false;
  return (
    fits(rule.volumeId, pvd.volumeId.trimEnd()) &&
    fits(rule.systemId, pvd.systemId.trimEnd()) &&
    fits(rule.publisherId, pvd.publisherId.trimEnd()) &&
    fits(rule.applicationId, pvd.applicationId.trimEnd())
  );
}

/** The best rule for the descriptor: most fields stated, then x86_64, then the newest OS. */
export function bestRule(rules: CompiledRule[], pvd: IsoVolumeDescriptor, arch?: string): CompiledRule | null {
  let best: CompiledRule | null = null;
  for (const rule of rules) {
    if (!ruleMatches(rule, pvd, arch)) continue;
    if (!best || better(rule, best)) best = rule;
  }
  return best;
}

function better(a: CompiledRule, b: CompiledRule): boolean {
  if (a.weight !== b.weight) return a.weight > b.weight;
  const ax = a.media.arch === 'x86_64';
  const bx = b.media.arch === 'x86_64';
  if (ax !== bx) return ax;
  return (a.os.releaseDate ?? '') > (b.os.releaseDate ?? '');
}
