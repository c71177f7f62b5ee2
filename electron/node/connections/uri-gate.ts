// The one door every URI passes on its way to libvirt (the connection manager's open path, so
// also saved connections and first-run probes): the URI rules of connection-uri.ts, then, for
// the test driver's file form, checks on disk that libvirt cannot make. libvirt's test driver
// reads any path it is given and echoes parse errors with the file's first line, and a FIFO
// blocks its thread; so only a regular .xml file, after resolving links, under a directory the
// user chose (none by default) gets through, and libvirt's own words about it are not shown.
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { z } from 'zod';
import { testDriverFile, validateUri } from '../../common/api/connection-uri.js';
import { ApiError } from '../../common/api/errors.js';
import { msg, type MessageRef } from '../../common/messages/messages.js';

/** Where the chosen directories are kept, in the config dir. */
export const TEST_DRIVER_DIRS_FILE = 'test-driver-dirs.json';

const dirsSchema = z.object({ dirs: z.array(z.string().min(1).max(1024).refine(isAbsolute, 'must be an absolute path')).max(32) });

/** The directories whose .xml files the test driver may read; none when the file is missing or not valid. */
export async function testDriverDirs(configDir: string, log: (m: string) => void = () => {}): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(configDir, TEST_DRIVER_DIRS_FILE), 'utf8');
  } catch {
    return [];
  }
  try {
    return dirsSchema.parse(JSON.parse(text)).dirs;
  } catch (err) {
    log(`${TEST_DRIVER_DIRS_FILE} is not valid (${(err as Error).message.split('\n')[0]}); no test-driver files are allowed`);
    return [];
  }
}

function refuse(what: MessageRef): never {
  throw new ApiError('invalid-input', what);
}

/** Checks a URI for libvirt; resolves to the URI libvirt may be given (canonical form). */
export async function admitUri(uri: string, configDir: string, log?: (m: string) => void): Promise<string> {
  const clean = validateUri(uri);
  const file = testDriverFile(clean);
  if (file === null) return clean;
  const dirs = await testDriverDirs(configDir, log);
  if (dirs.length === 0) refuse(msg('testDriver.noDirs', { file: TEST_DRIVER_DIRS_FILE }));
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    refuse(msg('testDriver.missing', { file: JSON.stringify(file) }));
  }
  const inside = await Promise.all(
    dirs.map(async (d) =>
      realpath(d)
        .then((r) => real.startsWith(r.endsWith(sep) ? r : r + sep))
        .catch(() => false),
    ),
  );
  if (!inside.some(Boolean)) refuse(msg('testDriver.outside', { file: JSON.stringify(file) }));
  if (!real.endsWith('.xml')) refuse(msg('testDriver.notXml', { file: JSON.stringify(file) }));
  const st = await stat(real);
  if (!st.isFile()) refuse(msg('testDriver.notFile', { file: JSON.stringify(file) }));
  // libvirt is given the resolved path, so a link changed after this check still points here.
  return `test://${real}`;
}

/** libvirt's error for a test-driver file, without its words (they can quote the file). */
export function testFileFailure(uri: string): ApiError | null {
  const file = testDriverFile(uri);
  return file === null ? null : new ApiError('operation-failed', msg('testDriver.loadFailed', { file: JSON.stringify(file) }));
}
