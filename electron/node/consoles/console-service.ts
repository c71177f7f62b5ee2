// Opens graphical consoles: finds the running VM's display, checks it, and hands out a
// single-use ticket that a transport (browser mode's server, the desktop's console server)
// trades for a bridge.
import * as libvirt from 'virtdeck/native';
import { sshTarget } from '../../common/api/connection-uri.js';
import { TICKET_PROTOCOL_PREFIX, type ConsoleTicket, type ConsoleType } from '../../common/api/consoles.js';
import type { DomainRef } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { realTimers, type ConnectionManager, type Timers } from '../connections/manager.js';
import { ConsoleTickets, type Ticketed } from './console-tickets.js';
import { graphicsOf, graphicsTarget } from './graphics-target.js';

export const CONSOLE_PATH = '/console';

/** A URI whose displays are reachable from this machine without a tunnel. */
function isLocal(uri: string): boolean {
  return sshTarget(uri) === null && /^[a-z0-9]+(\+unix)?:\/\/\//.test(uri);
}

export class ConsoleService {
  readonly #tickets: ConsoleTickets;
  /** Where pages open console sockets: '' for the page's own origin (browser mode), or the desktop's console server. */
  #socketOrigin = '';

  constructor(
    private readonly connections: ConnectionManager,
    timers: Timers = realTimers,
  ) {
    this.#tickets = new ConsoleTickets(timers);
  }

  /** Points tickets at a console server on another origin (the desktop app's loopback server). */
  publishAt(origin: string): void {
    this.#socketOrigin = origin;
  }

  async open(ref: DomainRef, type?: ConsoleType): Promise<ConsoleTicket> {
    const info = this.connections.get(ref.connection);
    if (!isLocal(info.spec.uri)) {
      throw new ApiError('invalid-input', 'Consoles of VMs on remote hosts are not available in this version yet.', 'Use virt-viewer for now; Virtdeck will tunnel them through SSH.');
    }
    const conn = this.connections.connection(ref.connection);
    let xml: string;
    try {
      const dom = await conn.lookupByUUIDString(ref.uuid);
      if (!(await dom.isActive())) throw new ApiError('invalid-input', 'The VM is not running, so it has no display yet.', 'Start it, then open its console.');
      xml = await dom.XMLDesc(0);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof libvirt.LibvirtError && err.code === libvirt.ErrorNumber.NO_DOMAIN) throw new ApiError('not-found', 'The VM is gone.');
      throw err; // the RPC layer words libvirt's errors
    }
    const target = graphicsTarget(xml, type);
    const ticket = this.#tickets.issue({ ref, target });
    return {
      type: target.type,
      path: `${this.#socketOrigin}${CONSOLE_PATH}`,
      protocols: ['binary', `${TICKET_PROTOCOL_PREFIX}${ticket}`],
      passwordRequired: target.passwordRequired,
      available: [...new Set(graphicsOf(xml).map((g) => g.type as ConsoleType))],
    };
  }

  /** The display of the ticket among the offered subprotocols, once; null when none is valid. */
  take(protocols: Iterable<string>): Ticketed | null {
    for (const p of protocols) if (p.startsWith(TICKET_PROTOCOL_PREFIX)) return this.#tickets.take(p.slice(TICKET_PROTOCOL_PREFIX.length));
    return null;
  }
}
