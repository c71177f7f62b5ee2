// The configured connections, persisted as connections.json in the config dir (see
// files/json-file-store.ts: atomic, schema-checked). Each entry is checked with the same limits
// as a connection the UI adds; a URI that fails validation is still loaded (the manager shows it
// invalid and never opens it). A file that does not parse is kept aside, not overwritten.
import { z } from 'zod';
import { connectionSpec, type ConnectionId, type ConnectionSpec } from '../../common/api/connections.js';
import { connectionId } from '../../common/api/refs.js';
import { InvalidStoredFile, JsonFileStore } from '../files/json-file-store.js';

export interface StoredConnection {
  id: ConnectionId;
  spec: ConnectionSpec;
}

// Not strict: keys a later version adds are dropped, not refused.
const fileSchema = z.object({
  version: z.literal(1),
  connections: z.array(z.object({ id: connectionId, spec: z.object(connectionSpec.shape) })),
});

export class ConnectionStore {
  readonly #file: JsonFileStore<z.infer<typeof fileSchema>>;

  constructor(
    readonly dir: string,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.#file = new JsonFileStore(dir, 'connections.json', fileSchema);
  }

  get path(): string {
    return this.#file.path;
  }

  /** The saved connections; null when there is no file yet (first run). */
  async load(): Promise<StoredConnection[] | null> {
    try {
      const saved = await this.#file.read();
      return saved
        ? saved.connections.map((c) => ({
            id: c.id,
            spec: {
              uri: c.spec.uri,
              autoconnect: c.spec.autoconnect,
              ...(c.spec.label !== undefined ? { label: c.spec.label } : {}),
              ...(c.spec.readonly ? { readonly: true } : {}),
            },
          }))
        : null;
    } catch (err) {
      if (!(err instanceof InvalidStoredFile)) throw err;
      const aside = await this.#file.setAside();
      this.log(`connections file was not valid (${err.detail}); kept it as ${aside} and started afresh`);
      return [];
    }
  }

  /** Saves the list; saves run one after another in call order. */
  save(connections: readonly StoredConnection[]): Promise<void> {
    return this.#file.write({ version: 1, connections: [...connections] });
  }
}
