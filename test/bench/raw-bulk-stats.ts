// Builds and runs raw-bulk-stats.c in the benchmark's own run, so the C baseline and the
// binding are measured on the same machine, libvirt and fixture, minutes apart at most.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RawBulkStats {
  /** Runs the C program: `runs` timed calls after a warm-up; their median. */
  run(uri: string, runs: number): { medianMs: number; domains: number };
  dispose(): void;
}

/** Compiles the C baseline once, so it can run in rounds interleaved with the binding's. */
export function buildRawBulkStats(): RawBulkStats {
  const src = join(dirname(fileURLToPath(import.meta.url)), 'raw-bulk-stats.c');
  const dir = mkdtempSync(join(tmpdir(), 'virtdeck-raw-'));
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'libvirt'], { encoding: 'utf8' }).trim().split(/\s+/);
  const bin = join(dir, 'raw-bulk-stats');
  execFileSync('cc', ['-O2', '-pthread', '-o', bin, src, ...flags.filter(Boolean)], { stdio: 'inherit' });
  return {
    run: (uri, runs) => JSON.parse(execFileSync(bin, [uri, String(runs)], { encoding: 'utf8' })) as { medianMs: number; domains: number },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
