// `npm run bench -- vm-list`: the VM list in Debian's Chromium (browser mode) with 10,000 VMs
// against a baseline of 100 in the same run. Per size: the time from clicking the host to its
// first rows on screen (the list RPC, the store and the first render), the rows in the DOM
// (virtualization keeps it flat), and frame times while the list scrolls from top to bottom.
import { measureList, startListApp } from './list-in-chromium.js';
import { printResult, round } from './stats.js';

const SIZES = [100, 10_000] as const;
const RUNS = 5;

export default async function main(): Promise<void> {
  const app = await startListApp(SIZES);
  try {
    const results: Record<number, Awaited<ReturnType<typeof measureList>>> = {};
    for (const n of SIZES) results[n] = await measureList(app.page, app.testIdOf(n), RUNS);
    const small = results[SIZES[0]]!;
    const big = results[SIZES[1]]!;
    printResult(
      {
        bench: 'vm-list',
        runs: RUNS,
        firstRowsMs100: round(small.firstRowsMs, 1),
        firstRowsMs10k: round(big.firstRowsMs, 1),
        firstRowsRatio: round(big.firstRowsMs / small.firstRowsMs, 2),
        domRows100: small.domRows,
        domRows10k: big.domRows,
        frameMs100: round(small.frameMs, 1),
        frameMs10k: round(big.frameMs, 1),
        p95FrameMs10k: round(big.p95FrameMs, 1),
        frameRatio: round(big.frameMs / small.frameMs, 2),
      },
      {
        firstRowsMs100: 'click on the host to its first rows on screen, 100 VMs (median)',
        firstRowsMs10k: 'the same with 10,000 VMs',
        firstRowsRatio: '10k / 100 (100x the VMs)',
        domRows10k: 'rows in the DOM with 10,000 VMs (virtualized)',
        frameMs10k: 'median frame interval while scrolling 10,000 rows top to bottom',
        frameRatio: 'frame interval 10k / 100 (1.0: size does not matter)',
      },
    );
  } finally {
    await app.close();
  }
}
