// `virtdeck serve` options. Loopback by default; any other address needs TLS, because the
// session cookie and every VM's console would otherwise cross the network in clear.
import { isIP } from 'node:net';

export interface ServeOptions {
  listen: string;
  port: number;
  configDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Session limits (see sessions.ts); the defaults when unset. */
  sessionIdleMs?: number;
  sessionMaxMs?: number;
}

export class UsageError extends Error {}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

export function parseServeArgs(argv: string[]): ServeOptions {
  const o: ServeOptions = { listen: '127.0.0.1', port: 8719 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--port': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError('--port takes a number from 0 (any free port) to 65535');
        o.port = n;
        break;
      }
      case '--listen':
        o.listen = value();
        if (!isIP(o.listen) && o.listen !== 'localhost') throw new UsageError('--listen takes an IP address');
        break;
      case '--config-dir':
        o.configDir = value();
        break;
      case '--tls-cert':
        o.tlsCert = value();
        break;
      case '--tls-key':
        o.tlsKey = value();
        break;
      case '--session-idle':
      case '--session-max': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 30 * 24 * 3600) throw new UsageError(`${arg} takes a number of seconds from 1 to 2592000 (30 days)`);
        if (arg === '--session-idle') o.sessionIdleMs = n * 1000;
        else o.sessionMaxMs = n * 1000;
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
  if (!isLoopback(o.listen) && !o.tlsCert) {
    throw new UsageError(`refusing to listen on ${o.listen} without --tls-cert and --tls-key: sessions and consoles would cross the network in clear`);
  }
  return o;
}
