// Finding an OS by what a user types: every word must appear in the name, a short id or the
// version ("win 11" finds "Microsoft Windows 11" and win11). Ranked as a picker should be:
// an exact short id first, then supported OSes newest first, then those past end of life.
import type { OsEntry } from './os-entry.js';

export interface SearchItem {
  entry: OsEntry;
  /** Lower-cased name, short ids and version, joined for word matching. */
  haystack: string;
}

export function searchItem(entry: OsEntry): SearchItem {
  return { entry, haystack: [entry.name, ...entry.shortIds, entry.version ?? '', entry.codename ?? ''].join(' ').toLowerCase() };
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,;:/()]+/)
    .filter(Boolean);
}

export function isEol(entry: OsEntry, today: string): boolean {
  return entry.eolDate !== undefined && entry.eolDate <= today;
}

export function searchEntries(items: readonly SearchItem[], text: string, limit: number, today: string): OsEntry[] {
  const q = words(text);
  const exact = text.trim().toLowerCase();
  const hits = q.length ? items.filter((it) => q.every((w) => it.haystack.includes(w))) : [...items];
  const rank = (e: OsEntry) => (e.shortIds.includes(exact) ? 0 : isEol(e, today) ? 2 : 1);
  hits.sort((a, b) => {
    const r = rank(a.entry) - rank(b.entry);
    if (r) return r;
    // Undated entries (rolling releases, "testing") after dated ones of the same rank.
    const da = a.entry.releaseDate ?? '';
    const db = b.entry.releaseDate ?? '';
    if (da !== db) return da < db ? 1 : -1;
    return a.entry.name.localeCompare(b.entry.name);
  });
  return hits.slice(0, limit).map((it) => it.entry);
}
