// The job service on a real config dir: events (started, throttled progress with rate and time
// left, finished), Cancel (signal and hooks, then rollback), and the journal: written before a
// step makes something, deleted when the job ends, kept with what could not be undone.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobEvents, JobInfo } from '../../electron/common/api/jobs.js';
import { ApiError } from '../../electron/common/api/errors.js';
import { JobService } from '../../electron/node/jobs/job-service.js';
import { Journal } from '../../electron/node/jobs/journal.js';
import { msg } from '../../electron/common/messages/messages.js';

describe('JobService', () => {
  let dir: string;
  let events: { topic: keyof JobEvents; job: JobInfo }[];
  let jobs: JobService;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-jobs-unit-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const fresh = (name: string) => {
    events = [];
    jobs = new JobService((topic, job) => events.push({ topic, job }), new Journal(join(dir, name)), { log: () => {} });
    return join(dir, name, 'jobs');
  };
  const spec = (id: string) => ({
    id,
    connection: 'c1',
    uri: 'test:///default',
    kind: 'volume.upload' as const,
    title: msg('job.title.upload', { file: id, pool: 'default' }),
    target: { kind: 'host' as const },
    step: 'upload' as const,
    message: msg('progress.upload.send', { file: id }),
  });

  it('reports progress a few times a second with its rate and time left, and the result in words', async () => {
    fresh('progress');
    const result = await jobs.run(
      spec('job-progress'),
      async (ctx) => {
        const start = Date.now();
        for (let done = 0; done <= 100; done += 1) {
          ctx.progress({ done: done * 1000, total: 100_000 });
          await new Promise((r) => setTimeout(r, 10));
        }
        return Date.now() - start;
      },
      { words: () => msg('job.result.saved', { path: '/all/done' }) },
    );
    const progressed = events.filter((e) => e.topic === 'job.progressed');
    // About a second of work: at most one event per 250 ms (plus the first), never one per call.
    assert.ok(progressed.length <= Math.ceil(result / 250) + 2, `${progressed.length} events in ${result} ms`);
    assert.ok(
      progressed.some((e) => e.job.progress?.rate !== undefined && e.job.progress.remainingSeconds !== undefined),
      'rate and time left are told',
    );
    const finished = events.at(-1)!;
    assert.equal(finished.topic, 'job.finished');
    assert.equal(finished.job.state, 'succeeded');
    assert.deepEqual(finished.job.result, msg('job.result.saved', { path: '/all/done' }));
    assert.equal(jobs.list()[0]?.id, 'job-progress');
  });

  it('Cancel aborts the signal, runs the hooks, rolls back newest first and removes the journal', async () => {
    const journalDir = fresh('cancel');
    const undone: string[] = [];
    let hooked = false;
    let made!: () => void;
    const ready = new Promise<void>((r) => (made = r));
    const run = jobs.run(
      spec('job-cancel'),
      async (ctx) => {
        ctx.onCancel(async () => {
          hooked = true;
        });
        await ctx.track(
          { kind: 'volume', pool: 'p', name: 'a', what: 'volume a' },
          async () => 'a',
          async () => void undone.push('a'),
        );
        await ctx.track(
          { kind: 'volume', pool: 'p', name: 'b', what: 'volume b' },
          async () => 'b',
          async () => void undone.push('b'),
        );
        const journal = JSON.parse(await readFile(join(journalDir, 'job-cancel.json'), 'utf8')) as { entries: { name: string }[] };
        assert.deepEqual(
          journal.entries.map((e) => e.name),
          ['a', 'b'],
          'the intent is written before each step',
        );
        made();
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
      { words: () => msg('recovery.nothingLeft') },
    );
    await ready;
    await jobs.cancel({ id: 'job-cancel' });
    await assert.rejects(run, (e: unknown) => e instanceof ApiError && e.code === 'cancelled' && /Nothing was left behind/.test(e.message));
    assert.ok(hooked, 'the cancel hook ran (abortJob for domain jobs)');
    assert.deepEqual(undone, ['b', 'a']);
    assert.deepEqual(await readdir(journalDir), []);
    assert.equal(events.at(-1)?.job.state, 'cancelled');
    await assert.rejects(jobs.cancel({ id: 'no-such-job' }), (e: unknown) => e instanceof ApiError && e.code === 'not-found');
  });

  it('a failure whose undo fails keeps that entry in the journal for the next connect, and says what is left', async () => {
    const journalDir = fresh('left');
    await assert.rejects(
      jobs.run(
        spec('job-left'),
        async (ctx) => {
          await ctx.track(
            { kind: 'volume', pool: 'p', name: 'stuck', what: 'volume stuck' },
            async () => 1,
            async () => {
              throw new Error('busy');
            },
          );
          await ctx.track(
            { kind: 'volume', pool: 'p', name: 'fine', what: 'volume fine' },
            async () => 2,
            async () => undefined,
          );
          throw new ApiError('operation-failed', msg('ui.unexpected', { detail: 'It broke.' }));
        },
        { words: () => msg('recovery.nothingLeft') },
      ),
      (e: unknown) => e instanceof ApiError && e.messageId === 'ui.unexpected' && e.params['detail'] === 'It broke.',
    );
    const journal = JSON.parse(await readFile(join(journalDir, 'job-left.json'), 'utf8')) as { entries: { name: string }[] };
    assert.deepEqual(
      journal.entries.map((e) => e.name),
      ['stuck'],
    );
    const finished = events.at(-1)!.job;
    assert.equal(finished.state, 'failed');
    assert.deepEqual(finished.error, new ApiError('operation-failed', msg('ui.unexpected', { detail: 'It broke.' })).toData());
  });
});
