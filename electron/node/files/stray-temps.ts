// Temporary files of atomic writes whose process died mid-write: nobody will rename them, so
// they are removed. Those of a process that still runs (another Virtdeck on the same config
// dir, or this one) are left alone: they may be renamed any moment.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_NAME } from './atomic-write.js';

/** Whether a process with this id runs (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the stray temporary files in `dir` (only those of `name` when given); returns their
 * paths. A directory that does not exist has none.
 */
export async function sweepStrayTemps(dir: string, name?: string): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const m = TEMP_NAME.exec(entry);
    if (!m || (name !== undefined && m[1] !== name) || processAlive(Number(m[2]))) continue;
    await rm(join(dir, entry), { force: true });
    removed.push(join(dir, entry));
  }
  return removed;
}
