// The one JSON file store of the config dir, on the real filesystem: what is on disk is checked
// by its schema (a file that is not JSON, or JSON of the wrong shape, is a typed error the
// caller handles), writes are atomic and land in call order, temporary files of writers that
// died are swept; and the stores built on it (connections, preferences, pending removals, job
// journals) treat a bad file or entry as they say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { ConnectionStore } from '../../electron/node/connections/store.js';
import { FirstStopCleanup } from '../../electron/node/create/first-stop-cleanup.js';
import { InvalidStoredFile, JsonFileStore, validEntries } from '../../electron/node/files/json-file-store.js';
import { processAlive, sweepStrayTemps } from '../../electron/node/files/stray-temps.js';
import { Journal } from '../../electron/node/jobs/journal.js';
import { DEFAULT_PREFERENCES, PreferencesStore } from '../../electron/node/preferences-store.js';

const schema = z.object({ n: z.number().int(), words: z.array(z.string()) });
type Value = z.infer<typeof schema>;

/** The id of a process that has ended (no writer of that pid can rename its temporary file). */
function deadPid(): number {
  for (;;) {
    const { pid } = spawnSync(process.execPath, ['-e', '0']);
    if (pid && !processAlive(pid)) return pid;
  }
}

const isInvalid = (reason: InvalidStoredFile['reason'], detail: RegExp) => (e: unknown) => e instanceof InvalidStoredFile && e.reason === reason && detail.test(e.detail);

describe('JsonFileStore', () => {
  let root: string;
  let n = 0;
  const fresh = () => join(root, `d${n++}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'virtdeck-json-store-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('reads nothing for a missing file, then what was written, as JSON on disk', async () => {
    const dir = fresh();
    const store = new JsonFileStore(dir, 'v.json', schema);
    assert.equal(await store.read(), undefined);
    await store.write({ n: 1, words: ['a'] });
    assert.deepEqual(await store.read(), { n: 1, words: ['a'] });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'v.json'), 'utf8')), { n: 1, words: ['a'] });
    assert.deepEqual(await new JsonFileStore(dir, 'v.json', schema).read(), { n: 1, words: ['a'] }, 'another store reads it too');
  });

  it('says a file that is not JSON is not JSON, and keeps it aside on request', async () => {
    const dir = fresh();
    const store = new JsonFileStore(dir, 'v.json', schema);
    await store.write({ n: 1, words: [] });
    await writeFile(store.path, '{ "n": 1, ');
    await assert.rejects(store.read(), isInvalid('not-json', /JSON/));
    const aside = await store.setAside();
    assert.equal(await readFile(aside, 'utf8'), '{ "n": 1, ', 'the bad file is kept as it was');
    assert.equal(await store.read(), undefined);
  });

  it('says which field of a file its schema refuses, and refuses to write such a value', async () => {
    const dir = fresh();
    const store = new JsonFileStore(dir, 'v.json', schema);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'v.json'), JSON.stringify({ n: 1, words: ['a', 7] }));
    await assert.rejects(store.read(), isInvalid('schema', /^words\.1:/));
    await store.write({ n: 2, words: [] });
    await assert.rejects(store.write({ n: 2.5, words: [] }), isInvalid('schema', /^n:/));
    assert.deepEqual(await store.read(), { n: 2, words: [] }, 'the refused write changed nothing');
  });

  it('lands concurrent writes in call order, whole, and leaves no temporary file', async () => {
    const dir = fresh();
    const store = new JsonFileStore(dir, 'v.json', schema);
    const big = (i: number): Value => ({ n: i, words: Array.from({ length: 2000 + ((i * 37) % 500) }, (_, k) => `w${i}-${k}`) });
    const writes = Array.from({ length: 40 }, (_, i) => store.write(big(i)));
    // A read queued among the writes sees the writes called before it.
    const middle = store.read();
    const more = Array.from({ length: 10 }, (_, i) => store.write(big(40 + i)));
    await Promise.all([...writes, ...more]);
    assert.equal((await middle)?.n, 39);
    assert.deepEqual(await store.read(), big(49));
    assert.deepEqual(await readdir(dir), ['v.json']);
  });

  it('never shows a torn file to a reader while two stores write the same file at once', async () => {
    const dir = fresh();
    const a = new JsonFileStore(dir, 'v.json', schema);
    const b = new JsonFileStore(dir, 'v.json', schema);
    await a.write({ n: 0, words: [] });
    let done = false;
    const writers = Promise.all(
      [a, b].map(async (s, w) => {
        for (let i = 0; i < 30; i++) await s.write({ n: w * 100 + i, words: Array.from({ length: 3000 }, () => `${w}`.repeat(20)) });
      }),
    ).finally(() => (done = true));
    let reads = 0;
    while (!done) {
      schema.parse(JSON.parse(await readFile(join(dir, 'v.json'), 'utf8')));
      reads++;
    }
    await writers;
    assert.ok(reads > 0);
    assert.ok([29, 129].includes((await a.read())!.n));
  });

  it('sweeps the temporary files of its name whose writer died, and only those', async () => {
    const dir = fresh();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'other.json'), '{}');
    const dead = deadPid();
    const temp = (name: string, pid: number) => `.${name}.${pid}.${randomUUID()}.tmp`;
    const leftovers = { mineDead: temp('v.json', dead), mineLive: temp('v.json', process.pid), otherDead: temp('other.json', dead) };
    for (const f of Object.values(leftovers)) await writeFile(join(dir, f), '{ "n": 1, "wo');
    const store = new JsonFileStore(dir, 'v.json', schema);
    assert.equal(await store.read(), undefined);
    const left = await readdir(dir);
    assert.ok(!left.includes(leftovers.mineDead), 'a dead writer’s temporary file is gone');
    assert.ok(left.includes(leftovers.mineLive), 'a live writer’s is kept: it may be renamed any moment');
    assert.ok(left.includes(leftovers.otherDead), 'another file’s is not this store’s to sweep');
    assert.deepEqual(await sweepStrayTemps(dir), [join(dir, leftovers.otherDead)]);
    assert.deepEqual((await readdir(dir)).sort(), ['other.json', leftovers.mineLive].sort());
  });

  it('keeps the entries that pass their schema and names the others', () => {
    const refused: [number, string][] = [];
    const kept = validEntries(schema, [{ n: 1, words: [] }, { n: 'x', words: [] }, null, { n: 3, words: ['c'] }], (i, why) => refused.push([i, why]));
    assert.deepEqual(kept, [
      { n: 1, words: [] },
      { n: 3, words: ['c'] },
    ]);
    assert.deepEqual(
      refused.map(([i]) => i),
      [1, 2],
    );
    assert.match(refused[0]![1], /^n:/);
  });
});

describe('the stores on it', () => {
  let root: string;
  let n = 0;
  const fresh = () => join(root, `s${n++}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'virtdeck-json-stores-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('connections: an entry with a bad URI loads (the manager shows it invalid); one past the UI’s limits sets the file aside', async () => {
    const dir = fresh();
    const logs: string[] = [];
    const store = new ConnectionStore(dir, (m) => logs.push(m));
    assert.equal(await store.load(), null, 'no file: first run');
    await store.save([{ id: 'bad', spec: { uri: 'qemu+ext:///system', autoconnect: true } }]);
    assert.deepEqual(await store.load(), [{ id: 'bad', spec: { uri: 'qemu+ext:///system', autoconnect: true } }]);
    const tooLong = { version: 1, connections: [{ id: 'x', spec: { uri: 'test:///default', autoconnect: false, label: 'l'.repeat(201) } }] };
    await writeFile(store.path, JSON.stringify(tooLong));
    assert.deepEqual(await store.load(), []);
    assert.match(logs.join('\n'), /connections\.0\.spec\.label/);
    const aside = (await readdir(dir)).find((f) => f.startsWith('connections.json.corrupt-'));
    assert.ok(aside, 'kept aside');
    assert.deepEqual(JSON.parse(await readFile(join(dir, aside), 'utf8')), tooLong);
  });

  it('preferences: a bad field falls back to its default alone; a file that is not JSON gives the defaults', async () => {
    const dir = fresh();
    const logs: string[] = [];
    await new PreferencesStore(dir).update({ changes: { statsIntervalMs: 2000, graphs: ['cpu'] } });
    const path = join(dir, 'preferences.json');
    await writeFile(path, JSON.stringify({ statsIntervalMs: 5, graphs: ['cpu'], later: true }));
    assert.deepEqual(await new PreferencesStore(dir, (m) => logs.push(m)).load(), { ...DEFAULT_PREFERENCES, graphs: ['cpu'] });
    assert.match(logs.join('\n'), /statsIntervalMs is not valid/);
    await writeFile(path, 'not json');
    assert.deepEqual(await new PreferencesStore(dir, (m) => logs.push(m)).load(), DEFAULT_PREFERENCES);
    assert.match(logs.at(-1)!, /preferences\.json is not valid/);
  });

  it('pending removals: a bad record is dropped, the others stay', async () => {
    const dir = fresh();
    const good = { connection: 'c1', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', paths: ['/var/lib/libvirt/images/seed.iso'], what: 'the cloud-init seed' };
    const bad = { ...good, paths: ['relative/seed.iso'] };
    await new JsonFileStore(dir, 'pending-removals.json', z.array(z.unknown())).write([bad, good]);
    const logs: string[] = [];
    // A host that never connects: only what was loaded is asked for.
    const cleanup = new FirstStopCleanup(dir, { connection: () => assert.fail('not connected'), onConnected: () => undefined }, (m) => logs.push(m));
    assert.deepEqual(await cleanup.pending(), [good]);
    assert.match(logs.join('\n'), /record 0 of pending-removals\.json is not valid \(paths\.0:/);
  });

  it('job journals: a bad file is left as it is and reported; a removal waits for the write before it', async () => {
    const dir = fresh();
    const journal = new Journal(dir);
    const record = { id: 'job-1', pid: process.pid, connection: 'c1', uri: 'test:///default', kind: 'vm.create', title: 'Create', startedAt: 1, entries: [] };
    await journal.write(record);
    await writeFile(join(journal.dir, 'job-2.json'), JSON.stringify({ ...record, id: 'job 2!' }));
    const logs: string[] = [];
    assert.deepEqual(await journal.all((m) => logs.push(m)), [record]);
    assert.match(logs.join('\n'), /the journal job-2\.json is not valid \(id:/);
    const write = journal.write({ ...record, title: 'again' });
    await journal.remove('job-1');
    await write;
    assert.deepEqual((await readdir(journal.dir)).sort(), ['job-2.json']);
  });
});
