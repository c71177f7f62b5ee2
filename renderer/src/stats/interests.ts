// Many parts of a window show live figures (list rows on screen, Performance pages, the Top
// view, a host's Performance page); the backend wants one declaration per window. This merges
// them: per host, rows 'all' wins over a list, UUIDs are de-duplicated and sorted (so an equal
// declaration compares equal), and the contract's limits are kept.
import type { StatsInterest } from '../../../electron/common/api/stats.js';

/** The contract's limits per host (electron/common/api/stats.ts). */
export const MAX_ROWS = 500;
export const MAX_DETAIL = 16;

export function mergeInterests(parts: readonly StatsInterest[]): StatsInterest[] {
  const by = new Map<string, { rows: Set<string> | 'all'; detail: Set<string>; host: boolean }>();
  for (const p of parts) {
    let h = by.get(p.connection);
    if (!h) by.set(p.connection, (h = { rows: new Set(), detail: new Set(), host: false }));
    if (p.rows === 'all') h.rows = 'all';
    else if (h.rows !== 'all') for (const u of p.rows) h.rows.add(u);
    for (const u of p.detail) h.detail.add(u);
    h.host ||= p.host;
  }
  const out: StatsInterest[] = [];
  for (const connection of [...by.keys()].sort()) {
    const h = by.get(connection)!;
    const detail = [...h.detail].sort().slice(0, MAX_DETAIL);
    // A VM whose Performance page is open is a row too: its figures come in the tick.
    let rows: StatsInterest['rows'] = 'all';
    if (h.rows !== 'all') {
      const set = new Set(h.rows);
      for (const u of detail) set.add(u);
      const list = [...set].sort();
      // More rows than one declaration may hold: asking for every VM is the honest superset.
      rows = list.length > MAX_ROWS ? 'all' : list;
    }
    if (rows !== 'all' && rows.length === 0 && detail.length === 0 && !h.host) continue;
    out.push({ connection, rows, detail, host: h.host });
  }
  return out;
}

/** A stable key of a merged declaration, to tell whether it changed. */
export function interestKey(interests: readonly StatsInterest[]): string {
  return JSON.stringify(interests);
}
