// Writes a file so that a crash mid-write leaves the old file or the new one, never a torn
// one: a temporary file beside it, fsync, rename, fsync of the directory. The temporary file
// is named `.NAME.PID.UUID.tmp`, so whoever finds one later can tell whether its writer still
// lives (see stray-temps.ts).
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The name of a temporary file for NAME written by this process. */
export function tempName(name: string): string {
  return `.${name}.${process.pid}.${randomUUID()}.tmp`;
}

/** `.NAME.PID.UUID.tmp`: groups 1 and 2 are NAME and PID. */
export const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

export async function writeFileAtomic(dir: string, name: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, tempName(name));
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(dir, name));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
