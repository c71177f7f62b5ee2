// `npm run bench -- native`: the binding's cost against libvirt itself, on 1,000 running
// domains of the test driver served through libvirtd (real RPC over the unix socket).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as libvirt from 'virtdeck/native';
import { buildRawBulkStats } from './raw-bulk-stats.js';
import { median, printResult, round, timeRuns } from './stats.js';
import { writeTestDriverFixture } from './test-driver-fixture.js';

const DOMAINS = 1000;
const ROUNDS = 5; // the binding and the C baseline alternate, so machine load drifts into both
const PER_ROUND = Math.max(2, Math.ceil(Number(process.env.BENCH_RUNS ?? 20) / ROUNDS));
const RUNS = ROUNDS * PER_ROUND;

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-'));
  const fixture = join(dir, 'node.xml');
  await writeTestDriverFixture(fixture, DOMAINS);
  const uri = `test+unix://${fixture}`;
  const conn = await libvirt.open(uri);
  try {
    const names = await Promise.all((await conn.listAllDomains(libvirt.ConnectListAllDomainsFlags.ACTIVE)).map((d) => d.name()));
    if (names.length !== DOMAINS) throw new Error(`expected ${DOMAINS} running domains through libvirtd, found ${names.length}`);

    const raw = buildRawBulkStats();
    const bulk: number[] = [];
    const rawMedians: number[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        bulk.push(
          ...(await timeRuns(PER_ROUND, async () => {
            const recs = await conn.getAllDomainStats(libvirt.DomainStatsTypes.STATE);
            if (recs.length !== DOMAINS) throw new Error(`bulk stats returned ${recs.length} records`);
          })),
        );
        const r = raw.run(uri, PER_ROUND);
        if (r.domains !== DOMAINS) throw new Error(`the C baseline saw ${r.domains} domains`);
        rawMedians.push(r.medianMs);
      }
    } finally {
      raw.dispose();
    }
    // What a poller without bulk stats does: per domain, a lookup, its info and its XML.
    const loop = await timeRuns(
      10,
      async () => {
        for (const name of names) {
          const dom = await conn.lookupByName(name);
          await dom.info();
          await dom.XMLDesc();
        }
      },
      1,
    );
    const nullCalls = await timeRuns(1000, () => conn.nullCall(), 50);
    const rawMs = median(rawMedians);

    const bulkMs = median(bulk);
    const loopMs = median(loop);
    printResult(
      {
        bench: 'native',
        domains: DOMAINS,
        runs: RUNS,
        bulkMs: round(bulkMs),
        loopMs: round(loopMs),
        ratio: round(loopMs / bulkMs, 1),
        nullCallUs: round(median(nullCalls) * 1000, 1),
        rawMs: round(rawMs),
        overhead: round(bulkMs / rawMs, 2),
      },
      {
        bulkMs: 'one getAllDomainStats(STATE) through the binding (median)',
        loopMs: 'lookupByName + info + XMLDesc for every domain (median)',
        ratio: 'loopMs / bulkMs',
        nullCallUs: "an empty async round trip through the connection's thread",
        rawMs: 'the same bulk call from C, records released, event loop running (median of round medians)',
        overhead: 'bulkMs / rawMs (goal <= 1.2)',
      },
    );
  } finally {
    await conn.close();
    await rm(dir, { recursive: true, force: true });
  }
}
