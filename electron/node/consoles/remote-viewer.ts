// remote-viewer (virt-viewer) on this machine: found on PATH without a shell, started with an
// argument array, detached so it outlives neither more nor less than the user wants.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first executable `name` on PATH (absolute entries only), or null. */
export async function findOnPath(name: string, path = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative entry would depend on our working directory
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Starts `program FILE` on a private copy of the .vv text; resolves once it has started
 * (rejects when it could not be started). The file is the user's alone and remote-viewer
 * deletes it after reading (delete-this-file=1).
 */
export async function launchViewer(program: string, fileName: string, text: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-viewer-'));
  const file = join(dir, fileName);
  await writeFile(file, text, { mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(program, [file], { detached: true, stdio: 'ignore' });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
