import type { DomainSummary } from '../../../electron/common/api/domains.js';
import type { UiState } from './store.js';

const stateOrder = ['running', 'paused', 'blocked', 'shutdown', 'pmsuspended', 'crashed', 'shutoff', 'nostate'];
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The visible rows of the selected host: filtered and sorted. */
export function visibleDomains(s: UiState): DomainSummary[] {
  const c = s.selectedConnection;
  const all = c ? s.domains[c] : undefined;
  if (!all) return [];
  const f = s.filter.trim().toLowerCase();
  const extras = (c ? s.extras[c] : undefined) ?? {};
  const title = (d: DomainSummary) => extras[d.ref.uuid]?.title ?? '';
  const rows = Object.values(all).filter((d) => !f || d.name.toLowerCase().includes(f) || d.state.includes(f) || title(d).toLowerCase().includes(f));
  const dir = s.sort.descending ? -1 : 1;
  const key = s.sort.key;
  rows.sort((a, b) => {
    let r = 0;
    // VMs without a title, or not running (no uptime), come last in ascending order.
    if (key === 'title') r = (title(a) ? 0 : 1) - (title(b) ? 0 : 1) || collator.compare(title(a), title(b));
    else if (key === 'uptime') r = (b.startedAt ?? -Infinity) - (a.startedAt ?? -Infinity) || 0;
    else if (key === 'state') r = stateOrder.indexOf(a.state) - stateOrder.indexOf(b.state);
    else if (key === 'vcpus') r = (a.vcpus ?? 0) - (b.vcpus ?? 0);
    else if (key === 'memory') r = (a.memoryKiB ?? 0) - (b.memoryKiB ?? 0);
    return (r || collator.compare(a.name, b.name)) * dir;
  });
  return rows;
}
