// Jobs: long or multi-step work on a host (a new VM, an upload, the clean-up after a crash),
// with typed steps, progress, Cancel and a result or an error in words. Zod first; the types
// are inferred from the schemas.
import { z } from 'zod';
import { defineNamespace, done, method } from './define.js';
import { connectionId, jobId, noParams } from './refs.js';
import { apiErrorData, messageRef } from './errors.js';

/** What a job does; each kind has its own steps. */
export const jobKind = z.enum(['vm.create', 'vm.addDisk', 'volume.upload', 'volume.download', 'volume.clone', 'recovery']);
export type JobKind = z.infer<typeof jobKind>;

/**
 * The steps of every kind: vm.create (check … done), volume.upload (upload, finish),
 * volume.download (download, finish), volume.clone (clone), recovery (recover).
 */
export const jobStep = z.enum(['check', 'storage', 'seed', 'fetch', 'define', 'start', 'rollback', 'done', 'upload', 'finish', 'recover', 'download', 'clone']);
export type JobStep = z.infer<typeof jobStep>;

export const jobState = z.enum(['running', 'cancelling', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof jobState>;

/** What the job works on, for the panel's words and for jumping to it. */
export const jobTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('domain'), name: z.string(), uuid: z.string().optional() }),
  z.strictObject({ kind: z.literal('volume'), pool: z.string(), name: z.string() }),
  z.strictObject({ kind: z.literal('host') }),
]);
export type JobTarget = z.infer<typeof jobTarget>;

/**
 * How far a step is: bytes (an upload, a fetch) or percent; `rate` (units per second) and
 * `remainingSeconds` where they can be told from the last seconds.
 */
export const jobProgress = z.strictObject({
  unit: z.enum(['bytes', 'percent']),
  done: z.number(),
  total: z.number().optional(),
  rate: z.number().optional(),
  remainingSeconds: z.number().optional(),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const jobInfo = z.strictObject({
  id: jobId,
  connection: connectionId,
  kind: jobKind,
  /** "New VM alpine-1", "Upload of disk.iso into default", … */
  title: messageRef,
  target: jobTarget,
  state: jobState,
  step: jobStep,
  /** Words for the current step. */
  message: messageRef,
  progress: jobProgress.optional(),
  /** Whether Cancel can still stop it (false once it only finishes or rolls back). */
  cancellable: z.boolean(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  /** A finished job's outcome in words ("alpine-1 is running", "Removed: …"). */
  result: messageRef.optional(),
  /** What a recovery removed (or could not remove), one line each. */
  cleaned: z.array(messageRef).optional(),
  /** Why it failed or was cancelled, with what to do. */
  error: apiErrorData.optional(),
});
export type JobInfo = z.infer<typeof jobInfo>;

export const jobsApi = defineNamespace({
  /** Running and recent jobs of every host, newest first (recent: the last 50 finished). */
  list: method({ params: noParams, result: z.array(jobInfo) }),
  /**
   * Asks the job to stop. It then rolls back what it made and finishes as `cancelled`. A job
   * that is not running any more, or past the point of no return, is left alone (no error);
   * an unknown id fails with not-found.
   */
  cancel: method({ params: z.strictObject({ id: jobId }), result: done }),
});

/** The jobs' events and their payloads (gathered into the contract's events). */
export const jobEvents = {
  /** A job began. */
  'job.started': jobInfo,
  /** A job moved to another step, or its progress moved (a few times a second at most). */
  'job.progressed': jobInfo,
  /** A job succeeded, failed or was cancelled; a recovery after a crash finishes this way too. */
  'job.finished': jobInfo,
} as const;
export type JobEvents = { [T in keyof typeof jobEvents]: z.infer<(typeof jobEvents)[T]> };
