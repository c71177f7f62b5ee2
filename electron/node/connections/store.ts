// The configured connections, persisted as JSON. Writes are atomic (a temporary file, fsync,
// rename, fsync of the directory), so a crash mid-write leaves the old file or the new one,
// never a torn one. A file that does not parse is kept aside, not overwritten.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { z } from 'zod';
import type { ConnectionId, ConnectionSpec } from '../../common/api/connections.js';

export interface StoredConnection {
  id: ConnectionId;
  spec: ConnectionSpec;
}

const fileSchema = z.object({
  version: z.literal(1),
  connections: z.array(
    z.object({
      id: z.string().min(1),
      spec: z.object({ uri: z.string().min(1), label: z.string().optional(), autoconnect: z.boolean() }),
    }),
  ),
});

export class ConnectionStore {
  readonly path: string;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.path = join(dir, 'connections.json');
  }

  /** The saved connections; null when there is no file yet (first run). */
  async load(): Promise<StoredConnection[] | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const parsed = fileSchema.parse(JSON.parse(text));
      return parsed.connections.map((c) => ({
        id: c.id,
        spec: { uri: c.spec.uri, autoconnect: c.spec.autoconnect, ...(c.spec.label !== undefined ? { label: c.spec.label } : {}) },
      }));
    } catch (err) {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      await rename(this.path, aside);
      this.log(`connections file was not valid (${(err as Error).message.split('\n')[0]}); kept it as ${aside} and started afresh`);
      return [];
    }
  }

  /** Saves the list; saves run one after another in call order. */
  save(connections: readonly StoredConnection[]): Promise<void> {
    const text = `${JSON.stringify({ version: 1, connections }, null, 2)}\n`;
    const run = this.#queue.then(() => this.#write(text));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #write(text: string): Promise<void> {
    return writeFileAtomic(this.dir, 'connections.json', text);
  }
}
