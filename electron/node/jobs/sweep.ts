// Stray temporary files of processes that died: atomic writes' `.NAME.PID.UUID.tmp` in the
// config dir (and its jobs/ journal dir), and ssh askpass directories (`virtdeck-askpass-*`)
// whose broker no longer listens. Swept once at start.
import { connect } from 'node:net';
import { lstat, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepStrayTemps } from '../files/stray-temps.js';
import { JOURNAL_DIR } from './journal.js';
/** An askpass dir younger than this may belong to a broker that is still starting. */
const ASKPASS_GRACE_MS = 60_000;

export async function sweepStrayFiles(configDir: string, log: (msg: string) => void, askpassRoots = [process.env.XDG_RUNTIME_DIR, tmpdir()]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [configDir, join(configDir, JOURNAL_DIR)]) removed.push(...(await sweepStrayTemps(dir)));
  const uid = process.getuid?.();
  for (const root of new Set(askpassRoots.filter((r): r is string => Boolean(r)))) {
    for (const name of await readdir(root).catch(() => [] as string[])) {
      if (!name.startsWith('virtdeck-askpass-')) continue;
      const dir = join(root, name);
      const st = await lstat(dir).catch(() => null);
      if (!st?.isDirectory() || (uid !== undefined && st.uid !== uid) || Date.now() - st.mtimeMs < ASKPASS_GRACE_MS) continue;
      if (await listening(join(dir, 'sock'))) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  if (removed.length) log(`jobs: removed stray temporary files of processes that ended: ${removed.join(', ')}`);
  return removed;
}

/** Whether a live broker answers on the socket. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
