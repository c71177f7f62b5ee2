// Where a running VM's VNC or SPICE server listens, read from its live XML and checked before
// anything connects to it: an IP literal and a port, or a unix socket path under libvirt's
// own directories. Values from XML never reach a shell.
import { isIP } from 'node:net';
import type { ConsoleType } from '../../common/api/consoles.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { Graphics, Video } from '../xml/devices/index.js';
import { Domain } from '../xml/domain.js';

export type GraphicsTarget = { type: ConsoleType; host: string; port: number; passwordRequired: boolean } | { type: ConsoleType; socket: string; passwordRequired: boolean };

// QEMU's per-VM directories only: never libvirt's own daemon sockets beside them.
const SOCKET_DIRS = ['/run/libvirt/qemu/', '/var/run/libvirt/qemu/', '/var/lib/libvirt/qemu/'];

/** Domain XML as text, or the domain parsed once by a caller that reads it several ways. */
type DomainXml = string | Domain;
const domainOf = (xml: DomainXml): Domain => (typeof xml === 'string' ? Domain.parse(xml) : xml);

/** libvirt gives a running domain an id (its XML has `id='N'`); a defined, stopped one has none. */
export function isRunningXML(xml: DomainXml): boolean {
  return domainOf(xml).liveId !== undefined;
}

export function graphicsOf(xml: DomainXml): Graphics[] {
  return domainOf(xml)
    .devices('graphics')
    .filter((g) => g.type === 'vnc' || g.type === 'spice');
}

/** The primary video device's model type: the one marked primary='yes', else the first. */
export function videoModelOf(xml: DomainXml): string | null {
  const videos: Video[] = domainOf(xml).devices('video');
  const primary = videos.find((v) => v.primary) ?? videos[0];
  return primary?.modelType ?? null;
}

export function graphicsTarget(xml: DomainXml, want?: ConsoleType): GraphicsTarget {
  const all = graphicsOf(xml);
  const g = want ? all.find((x) => x.type === want) : all[0];
  if (!g) {
    throw new ApiError('invalid-input', want ? msg('console.noDisplayOfType', { type: want.toUpperCase() }) : msg('console.noDisplay'));
  }
  const type = g.type as ConsoleType;
  const passwordRequired = g.passwd !== undefined && g.passwd !== '';
  // <listen> as an element (libvirt's current form) or as the older attribute.
  const listenType = g.listenType;
  const socket = (listenType === 'socket' ? g.listenSocket : undefined) ?? g.socket;
  if (typeof socket === 'string') {
    if (!SOCKET_DIRS.some((d) => socket.startsWith(d)) || socket.includes('..') || /[\0\n]/.test(socket)) {
      throw new ApiError('invalid-input', msg('console.badSocket', { path: JSON.stringify(socket) }));
    }
    return { type, socket, passwordRequired };
  }
  const port = g.port ?? NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ApiError('invalid-input', msg('console.noPort'));
  }
  const address = g.listenAddress ?? g.listen ?? '127.0.0.1';
  if (!isIP(address)) throw new ApiError('invalid-input', msg('console.listenNotIp', { address: JSON.stringify(address) }));
  // A display listening on every address is reached over loopback.
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  return { type, host, port, passwordRequired };
}
