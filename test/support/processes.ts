// The machine's processes as /proc shows them: pid, parent and command (comm may hold spaces
// and parentheses, so the fields after it are split from the last ')').
import { readdirSync, readFileSync } from 'node:fs';

export interface Proc {
  pid: number;
  ppid: number;
  comm: string;
}

/** Every process, from /proc. */
export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      out.push({ pid: Number(e), comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(stat.slice(close + 2).split(' ')[1]) });
    } catch {
      // ended while we looked
    }
  }
  return out;
}

/** Processes below `root` (this process by default), at any depth. */
export function descendants(root = process.pid): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  let frontier = new Set([root]);
  while (frontier.size) {
    const next = all.filter((p) => frontier.has(p.ppid));
    found.push(...next);
    frontier = new Set(next.map((p) => p.pid));
  }
  return found;
}
