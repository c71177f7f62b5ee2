// The backend's long work, one way for all of it: a job has typed steps, progress (with rate
// and remaining time where the total is known), Cancel through an AbortSignal (plus hooks such
// as libvirt's abortJob for domain jobs), a rollback of what it made, a journal of its intent
// written before each step makes something, and a result or an error in words.
import { randomUUID } from 'node:crypto';
import type { ConnectionId } from '../../common/api/connections.js';
import { ApiError } from '../../common/api/errors.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { JobEvents, JobInfo, JobKind, JobProgress, JobStep, JobTarget, jobsApi } from '../../common/api/jobs.js';
import { englishMessage, msg, type MessageRef } from '../../common/messages/messages.js';
import { toApiError } from '../rpc/api-errors.js';
import { type Journal, type JournalEntry, type JournalRecord } from './journal.js';
import { Rollback } from './rollback.js';

type Emit = <T extends keyof JobEvents>(topic: T, payload: JobEvents[T]) => void;

/** Progress events per job at most this often (step changes are sent at once). */
const PROGRESS_EVERY_MS = 250;
/** Finished jobs kept for the panel. */
const RECENT = 50;

export interface JobSpec {
  /** The caller's id (the UI makes one to match events before the call returns); one is made if absent. */
  id?: string;
  connection: ConnectionId;
  /** The host's URI: the journal only replays against the same host. */
  uri: string;
  kind: JobKind;
  title: MessageRef;
  target: JobTarget;
  /** The first step's words. */
  message: MessageRef;
  step: JobStep;
}

export interface JobContext<S extends JobStep = JobStep> {
  readonly id: string;
  /** Aborted by Cancel; pass it to whatever can stop early. */
  readonly signal: AbortSignal;
  readonly rollback: Rollback;
  /** Moves to a step (sent at once); throws the cancel error when Cancel was asked for. */
  step(step: S, message: MessageRef): void;
  /** How far the current step is; sent a few times a second at most. */
  progress(p: { done: number; total?: number; unit?: JobProgress['unit'] }, message?: MessageRef): void;
  /**
   * Makes something under the journal: the intent is written (atomically) before `make`
   * runs, and the undo is registered once it returned.
   */
  track<T>(entry: JournalEntry, make: () => Promise<T>, undo: (made: T) => Promise<unknown>): Promise<T>;
  /** Replaces a journal entry (the uuid of a VM once it is defined). */
  update(old: JournalEntry, next: JournalEntry): Promise<void>;
  /** Runs on Cancel, e.g. `dom.abortJob()` for a domain job; returns its removal. */
  onCancel(hook: () => Promise<unknown>): () => void;
  /** From here on Cancel is refused (what remains only finishes the work). */
  pastReturn(): void;
  /** A named point where tests may hold the job (to kill the process there); a no-op otherwise. */
  checkpoint(name: string): Promise<void>;
}

export interface JobServiceOptions {
  log: (msg: string) => void;
  /** Test only: checkpoints at which a job waits forever (so a test can kill the process there). */
  holdAt?: readonly string[];
}

export interface RunOptions<T, S extends JobStep> {
  /** The outcome in words, for the panel. */
  words: (result: T) => MessageRef;
  /** The error for a failure at `step`, after the rollback (`left`: what could not be undone). */
  failure?: (err: unknown, step: S, left: string[]) => ApiError;
  /** The error for a Cancel, after the rollback. */
  cancelled?: (left: string[]) => ApiError;
}

/** The sentence about what a rollback left on the host. */
export function leftBehind(left: string[]): MessageRef {
  return left.length ? msg('create.cleanupLeft', { left: left.join(', ') }) : msg('create.cleanupNone');
}

interface Running {
  info: JobInfo;
  abort: AbortController;
  hooks: Set<() => Promise<unknown>>;
  lastSent: number;
  pending: ReturnType<typeof setTimeout> | undefined;
  /** Samples for the rate: [time ms, done]. */
  samples: [number, number][];
}

/** The `jobs` namespace, and the runner every long operation uses. */
export class JobService implements NamespaceImpl<typeof jobsApi> {
  readonly #running = new Map<string, Running>();
  #recent: JobInfo[] = [];

  constructor(
    private readonly emit: Emit,
    readonly journal: Journal,
    private readonly o: JobServiceOptions,
  ) {}

  list(): JobInfo[] {
    const running = [...this.#running.values()].map((r) => ({ ...r.info }));
    return [...running.sort((a, b) => b.startedAt - a.startedAt), ...this.#recent];
  }

  get(id: string): JobInfo | undefined {
    return this.#running.get(id)?.info ?? this.#recent.find((j) => j.id === id);
  }

  async cancel({ id }: { id: string }): Promise<void> {
    const r = this.#running.get(id);
    if (!r) {
      if (this.#recent.some((j) => j.id === id)) return;
      throw new ApiError('not-found', msg('job.notFound'));
    }
    if (!r.info.cancellable || r.abort.signal.aborted) return;
    this.o.log(`job: ${englishMessage(r.info.title)}: cancel requested`);
    r.abort.abort(new ApiError('cancelled', msg('job.cancelled', { title: r.info.title, cleanup: '' })));
    this.#set(r, { state: 'cancelling', cancellable: false }, true);
    await Promise.all([...r.hooks].map((h) => h().catch((err: Error) => this.o.log(`job: a cancel hook of ${englishMessage(r.info.title)} failed: ${err.message}`))));
  }

  /** A job that happened elsewhere (the clean-up after a crash), shown as finished. */
  record(info: JobInfo): void {
    this.emit('job.started', info);
    this.#finish(info);
  }

  /**
   * Runs `body` as a job. On failure or Cancel the rollback runs (newest first) and the call
   * rejects with the error in words; what could not be undone stays in the journal.
   */
  async run<T, S extends JobStep>(spec: JobSpec, body: (ctx: JobContext<S>) => Promise<T>, o: RunOptions<T, S>): Promise<T> {
    const id = spec.id ?? randomUUID();
    if (this.#running.has(id)) throw new ApiError('invalid-input', msg('job.running'));
    const info: JobInfo = {
      id,
      connection: spec.connection,
      kind: spec.kind,
      title: spec.title,
      target: spec.target,
      state: 'running',
      step: spec.step,
      message: spec.message,
      cancellable: true,
      startedAt: Date.now(),
    };
    const r: Running = { info, abort: new AbortController(), hooks: new Set(), lastSent: 0, pending: undefined, samples: [] };
    this.#running.set(id, r);
    this.emit('job.started', { ...info });
    const record: JournalRecord = {
      id: id.replace(/[^A-Za-z0-9_-]/g, '_'),
      pid: process.pid,
      connection: spec.connection,
      uri: spec.uri,
      kind: spec.kind,
      title: englishMessage(spec.title),
      startedAt: info.startedAt,
      entries: [],
    };
    let journaled = false;
    const journalWrite = async () => {
      journaled = true;
      await this.journal.write(record);
    };
    const rollback = new Rollback();
    const throwIfCancelled = () => {
      if (r.abort.signal.aborted)
        throw r.abort.signal.reason instanceof Error ? r.abort.signal.reason : new ApiError('cancelled', msg('job.cancelled', { title: info.title, cleanup: '' }));
    };
    const ctx: JobContext<S> = {
      id,
      signal: r.abort.signal,
      rollback,
      step: (step, message) => {
        throwIfCancelled();
        r.samples = [];
        const { progress: _, ...rest } = r.info;
        r.info = { ...rest, step, message };
        this.#send(r, true);
      },
      progress: (p, message) => {
        const now = Date.now();
        r.samples.push([now, p.done]);
        while (r.samples.length > 2 && now - r.samples[0]![0] > 5000) r.samples.shift();
        r.info.progress = rated(p, r.samples);
        if (message !== undefined) r.info.message = message;
        this.#send(r, false);
      },
      track: async (entry, make, undo) => {
        throwIfCancelled();
        record.entries.push(entry);
        await journalWrite();
        const made = await make();
        rollback.add(entry.what, () => undo(made), entry);
        return made;
      },
      update: async (old, next) => {
        const at = record.entries.indexOf(old);
        if (at >= 0) record.entries[at] = next;
        else record.entries.push(next);
        await journalWrite();
      },
      onCancel: (hook) => {
        r.hooks.add(hook);
        return () => r.hooks.delete(hook);
      },
      pastReturn: () => {
        if (!r.info.cancellable) return;
        this.#set(r, { cancellable: false }, true);
      },
      checkpoint: async (name) => {
        if (!this.o.holdAt?.includes(name)) return;
        this.o.log(`job: ${englishMessage(info.title)} holds at ${name} (test hook)`);
        this.#set(r, { message: msg('job.heldAt', { what: r.info.message, point: name }) }, true);
        await new Promise<never>(() => undefined);
      },
    };
    try {
      const result = await body(ctx);
      if (journaled) await this.journal.remove(record.id);
      this.#finish({ ...r.info, state: 'succeeded', cancellable: false, result: o.words(result) });
      return result;
    } catch (err) {
      const failedAt = r.info.step as S;
      const cancelled = r.abort.signal.aborted;
      this.o.log(`job: ${englishMessage(info.title)} ${cancelled ? 'cancelled' : 'failed'} at ${failedAt}: ${(err as Error).message}`);
      if (rollback.size) this.#set(r, { step: 'rollback', message: msg('job.rollback'), cancellable: false }, true);
      const left = await rollback.run(this.o.log);
      if (journaled) {
        // What could not be undone stays in the journal: the next connect tries again.
        const keep = left.flatMap((u) => (u.entry ? [u.entry] : []));
        if (keep.length) await this.journal.write({ ...record, entries: keep }).catch(() => undefined);
        else await this.journal.remove(record.id);
      }
      const leftWords = left.map((u) => u.what);
      const error = cancelled
        ? (o.cancelled?.(leftWords) ?? new ApiError('cancelled', msg('job.cancelled', { title: info.title, cleanup: leftBehind(leftWords) })))
        : o.failure
          ? o.failure(err, failedAt, leftWords)
          : err instanceof ApiError
            ? err
            : ApiError.fromData(toApiError(err));
      this.#finish({ ...r.info, state: cancelled ? 'cancelled' : 'failed', cancellable: false, error: error.toData() });
      throw error;
    } finally {
      if (r.pending) clearTimeout(r.pending);
      this.#running.delete(id);
    }
  }

  #set(r: Running, change: Partial<JobInfo>, now: boolean): void {
    r.info = { ...r.info, ...change };
    this.#send(r, now);
  }

  /** Sends job.progressed now, or at most every PROGRESS_EVERY_MS with the latest state. */
  #send(r: Running, now: boolean): void {
    const wait = r.lastSent + PROGRESS_EVERY_MS - Date.now();
    if (now || wait <= 0) {
      if (r.pending) clearTimeout(r.pending);
      r.pending = undefined;
      r.lastSent = Date.now();
      this.emit('job.progressed', { ...r.info });
      return;
    }
    r.pending ??= setTimeout(() => {
      r.pending = undefined;
      if (this.#running.get(r.info.id) === r) this.#send(r, true);
    }, wait);
  }

  #finish(info: JobInfo): void {
    const done = { ...info, finishedAt: Date.now() };
    this.#recent = [done, ...this.#recent.filter((j) => j.id !== done.id)].slice(0, RECENT);
    this.emit('job.finished', done);
  }
}

/** Progress with its rate (over the last seconds) and the time left, where they can be told. */
function rated(p: { done: number; total?: number; unit?: JobProgress['unit'] }, samples: [number, number][]): JobProgress {
  const out: JobProgress = { unit: p.unit ?? 'bytes', done: p.done, ...(p.total !== undefined ? { total: p.total } : {}) };
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first && last && last[0] - first[0] >= 500) {
    const rate = ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
    if (rate > 0) {
      out.rate = rate;
      if (p.total !== undefined) out.remainingSeconds = Math.max(0, (p.total - p.done) / rate);
    }
  }
  return out;
}
