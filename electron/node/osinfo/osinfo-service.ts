// The `osinfo` namespace: the system's osinfo-db, read once on first use, searched by name and
// matched against install media on a host.
import type { ConnectionId } from '../../common/api/connections.js';
import type { NamespaceImpl } from '../../common/api/define.js';
import type { OsChoice, osinfoApi } from '../../common/api/osinfo.js';
import type { ConnectionManager } from '../connections/manager.js';
import { uriFacts } from '../connections/uri-facts.js';
import { builtinCatalog, type OsCatalog } from '../create/os-catalog.js';
import { osinfoCatalog } from '../create/osinfo-catalog.js';
import { toChoice } from '../create/os-profile.js';
import { loadOsDb } from './index.js';

export class OsinfoService implements NamespaceImpl<typeof osinfoApi> {
  #catalog: Promise<OsCatalog> | undefined;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly log: (msg: string) => void,
    /** Where the OS facts come from; the system's osinfo-db (read on first use) when absent. */
    private readonly catalogSource?: () => Promise<OsCatalog>,
  ) {}

  /** The OS catalog, read once; without a readable osinfo-db the wizard still works with generic profiles. */
  catalog(): Promise<OsCatalog> {
    this.#catalog ??= (this.catalogSource ?? (async () => osinfoCatalog(await loadOsDb())))().catch((err: unknown) => {
      this.log(`osinfo: osinfo-db could not be read (${(err as Error).message}); only generic OS profiles are offered`);
      return builtinCatalog;
    });
    return this.#catalog;
  }

  async search({ text }: { text: string }): Promise<OsChoice[]> {
    return (await this.catalog()).search(text).map(toChoice);
  }

  async detect({ connection, path }: { connection: ConnectionId; path: string }): Promise<OsChoice | null> {
    const conn = this.connections.connection(connection);
    const found = await (await this.catalog()).detect(conn, path, !uriFacts(this.connections.get(connection).spec.uri).remote);
    return found ? toChoice(found) : null;
  }
}
