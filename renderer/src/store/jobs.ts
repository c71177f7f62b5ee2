// The jobs slice: running and recent jobs of every host, keyed by id, kept current by the
// job.* events and re-read whole (jobs.list) when the store connects. A recovery after a crash
// (a job of kind `recovery`) is also raised as a notice, once per job.
import { create } from 'zustand';
import type { JobInfo } from '../../../electron/common/api/jobs.js';
import type { VirtClient } from '../../../electron/common/rpc/client.js';

export interface JobsState {
  jobs: Record<string, JobInfo>;
  panelOpen: boolean;
}

export const useJobs = create<JobsState>(() => ({ jobs: {}, panelOpen: false }));

/** Newest first, running ones before finished ones. */
export function jobList(s: JobsState): JobInfo[] {
  const running = (j: JobInfo) => j.state === 'running' || j.state === 'cancelling';
  return Object.values(s.jobs).sort((a, b) => Number(running(b)) - Number(running(a)) || b.startedAt - a.startedAt);
}

export function runningCount(s: JobsState): number {
  return Object.values(s.jobs).filter((j) => j.state === 'running' || j.state === 'cancelling').length;
}

export function setJobsPanel(open: boolean): void {
  useJobs.setState({ panelOpen: open });
}

function put(j: JobInfo): void {
  useJobs.setState((s) => ({ jobs: { ...s.jobs, [j.id]: j } }));
}

const SEEN = 'virtdeck.seenRecoveries';
function unseen(j: JobInfo): boolean {
  const seen = new Set<string>(JSON.parse(localStorage.getItem(SEEN) ?? '[]') as string[]);
  if (seen.has(j.id)) return false;
  localStorage.setItem(SEEN, JSON.stringify([...seen, j.id].slice(-100)));
  return true;
}

export async function connectJobs(c: VirtClient, onRecovery: (j: JobInfo) => void): Promise<void> {
  c.on('job.started', put);
  c.on('job.progressed', put);
  c.on('job.finished', (j) => {
    put(j);
    if (j.kind === 'recovery' && unseen(j)) onRecovery(j);
  });
  const all = await c.api.jobs.list({}).catch(() => [] as JobInfo[]);
  useJobs.setState((s) => ({ jobs: { ...Object.fromEntries(all.map((j) => [j.id, j])), ...s.jobs } }));
  for (const j of all) if (j.kind === 'recovery' && unseen(j)) onRecovery(j);
}
