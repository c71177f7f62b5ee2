// Opens graphical consoles: finds the running VM's display, checks it, and hands out a
// single-use ticket that a transport (browser mode's server, the desktop's console server)
// trades for a bridge. On a qemu+ssh host the display is reached through the host's ssh
// master, opened here so that a refusal is reported in words before the page connects.
import type { Duplex } from 'node:stream';
import { sshTarget } from '../../common/api/connection-uri.js';
import type { SshTarget } from '../../common/api/connections.js';
import { TICKET_PROTOCOL_PREFIX, type ConsoleTicket, type ConsoleType } from '../../common/api/consoles.js';
import type { DomainRef } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { realTimers, type ConnectionManager, type Timers } from '../connections/manager.js';
import { ObjectRegistry } from '../objects/registry.js';
import { describeTarget } from '../ssh/ssh-prompt.js';
import { ConsoleTickets, type Ticketed } from './console-tickets.js';
import { Domain } from '../xml/domain.js';
import { checkServedByQemu } from './qemu-owner.js';
import { graphicsOf, graphicsTarget, isRunningXML, videoModelOf, type GraphicsTarget } from './graphics-target.js';
import { channelFailure } from './ssh-failure.js';
import { masterKey, SshMasters } from './ssh-masters.js';
import { SpareChannels } from './ssh-spare-channels.js';
import { checkGreeting, firstBytes, openRemoteDisplay } from './ssh-tunnel.js';
import { checkRemoteSocket, forwardSpec } from './ssh-tunnel-argv.js';

export const CONSOLE_PATH = '/console';

/** A URI whose displays are reachable from this machine without a tunnel. */
function isLocal(uri: string): boolean {
  return sshTarget(uri) === null && /^[a-z0-9]+(\+unix)?:\/\/\//.test(uri);
}

export interface ConsoleServiceOptions {
  log?: (msg: string) => void;
  /** The ssh program for remote consoles (the system's `ssh` on PATH by default). */
  ssh?: string;
  /** Shared with the text consoles, so one take() serves every kind of console. */
  tickets?: ConsoleTickets;
}

export class ConsoleService {
  readonly #tickets: ConsoleTickets;
  readonly #objects: ObjectRegistry;
  readonly #masters: SshMasters;
  readonly #spares = new SpareChannels();
  readonly #log: (msg: string) => void;
  readonly #claimed = new WeakSet<Duplex>();
  readonly #unsubscribe: (() => void)[];
  /** Where pages open console sockets: '' for the page's own origin (browser mode), or the desktop's console server. */
  #socketOrigin = '';

  constructor(
    private readonly connections: ConnectionManager,
    private readonly timers: Timers = realTimers,
    options: ConsoleServiceOptions = {},
  ) {
    this.#tickets = options.tickets ?? new ConsoleTickets(timers);
    this.#objects = new ObjectRegistry(connections);
    this.#log = options.log ?? (() => {});
    this.#masters = new SshMasters({ log: this.#log, ...(options.ssh ? { ssh: options.ssh } : {}) });
    // A host's master lives as long as an open connection uses that host.
    const retain = () => void this.#masters.retain(this.#connectedHosts());
    this.#unsubscribe = [connections.onChange(retain), connections.onRemoved(retain)];
  }

  /** Points tickets at a console server on another origin (the desktop app's loopback server). */
  publishAt(origin: string): void {
    this.#socketOrigin = origin;
  }

  /** Where tickets send the page: CONSOLE_PATH on the page's origin or on the console server's. */
  get socketPath(): string {
    return `${this.#socketOrigin}${CONSOLE_PATH}`;
  }

  async open({ ref, type }: { ref: DomainRef; type?: ConsoleType | undefined }): Promise<ConsoleTicket> {
    const info = this.connections.get(ref.connection);
    const ssh = sshTarget(info.spec.uri);
    if (!ssh && !isLocal(info.spec.uri)) {
      throw new ApiError('invalid-input', msg('console.unsupportedHost'));
    }
    const xml = await (await this.#objects.domain(ref)).XMLDesc(0);
    // A running domain's XML carries its id: one round trip fewer than asking isActive first.
    const domain = Domain.parse(xml);
    if (!isRunningXML(domain)) throw new ApiError('invalid-input', msg('console.notRunning'));
    let target: GraphicsTarget;
    try {
      target = graphicsTarget(domain, type);
    } catch (err) {
      // libvirt's test driver emulates VMs with no hypervisor behind them: whatever <graphics>
      // the XML lists, nothing serves it and no port is ever assigned. Say that, not "no port yet".
      if (err instanceof ApiError && err.messageId === 'console.noPort' && /^test(\+[a-z]+)?:/i.test(info.spec.uri)) {
        throw new ApiError('invalid-input', msg('console.driverHasNoDisplays'));
      }
      throw err;
    }
    // Locally, only what the VM's own QEMU listens on; over ssh, the display must greet as one.
    if (!ssh) await checkServedByQemu(domain.name ?? '', target);
    const stream = ssh ? await this.#openRemote(ssh, target) : undefined;
    const ticket = this.#tickets.issue({ kind: 'graphics', ref, target, ...(stream ? { stream } : { owner: domain.name ?? '' }) });
    if (stream) {
      // A ticket never used must not keep its tunnel open.
      this.timers.setTimeout(() => {
        if (!this.#claimed.has(stream)) stream.destroy();
      }, this.#tickets.ttlMs + 1000);
    }
    return {
      type: target.type,
      path: `${this.#socketOrigin}${CONSOLE_PATH}`,
      protocols: ['binary', `${TICKET_PROTOCOL_PREFIX}${ticket}`],
      passwordRequired: target.passwordRequired,
      available: [...new Set(graphicsOf(domain).map((g) => g.type as ConsoleType))],
      videoModel: videoModelOf(domain),
    };
  }

  /** The console session of the ticket among the offered subprotocols, once; null when none is valid. */
  take(protocols: Iterable<string>): Ticketed | null {
    for (const p of protocols) {
      if (!p.startsWith(TICKET_PROTOCOL_PREFIX)) continue;
      const t = this.#tickets.take(p.slice(TICKET_PROTOCOL_PREFIX.length));
      if (t?.kind === 'graphics' && t.stream) this.#claimed.add(t.stream);
      return t;
    }
    return null;
  }

  /** Ends every ssh master (and the consoles on them). */
  async dispose(): Promise<void> {
    for (const u of this.#unsubscribe) u();
    this.#spares.dispose();
    await this.#masters.dispose();
  }

  /** The display's stream through the host's master; VNC must greet before the page is told to connect. */
  async #openRemote(ssh: SshTarget, target: GraphicsTarget): Promise<Duplex> {
    const where = 'socket' in target ? target.socket : `${target.host}:${target.port}`;
    // Refuse what ssh must not be given before any ssh starts.
    if ('socket' in target) checkRemoteSocket(target.socket);
    else forwardSpec(target.host, target.port);
    const key = `${masterKey(ssh)} ${target.type} ${where}`;
    const open = async () => {
      const master = await this.#masters.acquire(ssh);
      const stream = await openRemoteDisplay(this.#masters, master, ssh, target);
      if (target.type === 'vnc') {
        await firstBytes(stream, () => channelFailure(ssh, where, ''))
          .then(() => checkGreeting(stream, target.type, where))
          .catch((err: unknown) => {
            stream.destroy();
            throw err;
          });
      }
      return stream;
    };
    try {
      const stream = await (this.#spares.take(key) ?? open());
      // Only TCP displays: a unix-socket display already rides a standing forward.
      if (!('socket' in target)) this.#spares.prepare(key, open, (err) => this.#log(`no spare console channel to ${where} on ${describeTarget(ssh)}: ${err.message}`));
      return stream;
    } catch (err) {
      this.#log(`console ${target.type} at ${where} on ${describeTarget(ssh)}: ${(err as Error).message}`);
      throw err;
    }
  }

  #connectedHosts(): Set<string> {
    const keys = new Set<string>();
    for (const c of this.connections.list()) {
      const t = c.state === 'connected' ? sshTarget(c.spec.uri) : null;
      if (t) keys.add(masterKey(t));
    }
    return keys;
  }
}
