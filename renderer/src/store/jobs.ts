// The jobs slice: running and recent jobs of every host, keyed by id, folded from the job.*
// events and re-read whole (jobs.list) when the store (re)syncs. A recovery after a crash (a job
// of kind `recovery`) is also raised as a notice by the store, once per job (unseenRecovery).
import type { JobInfo } from '../../../electron/common/api/jobs.js';
import type { BackendEvent } from './events.js';

export interface JobsState {
  jobs: Record<string, JobInfo>;
  jobsPanelOpen: boolean;
}

export const initialJobs: JobsState = { jobs: {}, jobsPanelOpen: false };

/** Folds a batch of events; the same state when nothing in it concerned jobs. */
export function reduceJobs(s: JobsState, batch: readonly BackendEvent[]): JobsState {
  let jobs = s.jobs;
  for (const e of batch) {
    if (e.topic === 'job.started' || e.topic === 'job.progressed' || e.topic === 'job.finished') jobs = { ...jobs, [e.payload.id]: e.payload };
  }
  return jobs === s.jobs ? s : { ...s, jobs };
}

/** A listing merged under what events already told (an event may be newer than the list). */
export function withJobListing(s: JobsState, all: readonly JobInfo[]): Partial<JobsState> {
  return { jobs: { ...Object.fromEntries(all.map((j) => [j.id, j])), ...s.jobs } };
}

/** The recoveries a batch finished. */
export function finishedRecoveries(batch: readonly BackendEvent[]): JobInfo[] {
  return batch.flatMap((e) => (e.topic === 'job.finished' && e.payload.kind === 'recovery' ? [e.payload] : []));
}

const SEEN = 'virtdeck.seenRecoveries';
/** Whether this recovery was not raised yet (in any window); marks it raised. */
export function unseenRecovery(j: JobInfo): boolean {
  const seen = new Set<string>(JSON.parse(localStorage.getItem(SEEN) ?? '[]') as string[]);
  if (seen.has(j.id)) return false;
  localStorage.setItem(SEEN, JSON.stringify([...seen, j.id].slice(-100)));
  return true;
}

// Selectors (pure: they take the state, so components pass them to useStore).

/** Newest first, running ones before finished ones. */
export function jobList(s: JobsState): JobInfo[] {
  const running = (j: JobInfo) => j.state === 'running' || j.state === 'cancelling';
  return Object.values(s.jobs).sort((a, b) => Number(running(b)) - Number(running(a)) || b.startedAt - a.startedAt);
}

export function runningCount(s: JobsState): number {
  return Object.values(s.jobs).filter((j) => j.state === 'running' || j.state === 'cancelling').length;
}
