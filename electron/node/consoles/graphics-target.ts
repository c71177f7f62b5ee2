// Where a running VM's VNC or SPICE server listens, read from its live XML and checked before
// anything connects to it: an IP literal and a port, or a unix socket path under libvirt's
// own directories. Values from XML never reach a shell.
import { isIP } from 'node:net';
import type { ConsoleType } from '../../common/api/consoles.js';
import { ApiError } from '../../common/api/errors.js';
import { list, obj, parseDomain, str, type XmlNode } from '../domains/domain-xml.js';

export type GraphicsTarget = { type: ConsoleType; host: string; port: number; passwordRequired: boolean } | { type: ConsoleType; socket: string; passwordRequired: boolean };

const SOCKET_DIRS = ['/run/libvirt/', '/var/run/libvirt/', '/var/lib/libvirt/'];

/** Domain XML as text, or its <domain> element parsed once by a caller that reads it several ways. */
type DomainXml = string | XmlNode;
const domainOf = (xml: DomainXml): XmlNode => (typeof xml === 'string' ? parseDomain(xml) : xml);

/** libvirt gives a running domain an id (its XML has `id='N'`); a defined, stopped one has none. */
export function isRunningXML(xml: DomainXml): boolean {
  const id = Number(domainOf(xml).id);
  return Number.isInteger(id) && id > 0;
}

export function graphicsOf(xml: DomainXml): XmlNode[] {
  return list(obj(domainOf(xml).devices).graphics).filter((g) => g.type === 'vnc' || g.type === 'spice');
}

/** The primary video device's model type: the one marked primary='yes', else the first. */
export function videoModelOf(xml: DomainXml): string | null {
  // The parser makes a list of <video> only where it repeats.
  const video = obj(domainOf(xml).devices).video;
  const videos = (Array.isArray(video) ? list(video) : video ? [obj(video)] : []).map((v) => obj(v.model));
  const primary = videos.find((m) => m.primary === 'yes') ?? videos[0];
  return primary ? (str(primary.type) ?? null) : null;
}

export function graphicsTarget(xml: DomainXml, want?: ConsoleType): GraphicsTarget {
  const all = graphicsOf(xml);
  const g = want ? all.find((x) => x.type === want) : all[0];
  if (!g) {
    throw new ApiError('invalid-input', want ? `This VM has no ${want.toUpperCase()} display.` : 'This VM has no graphical display.', 'Use its serial console, or add a display in its settings.');
  }
  const type = g.type as ConsoleType;
  const passwordRequired = typeof g.passwd === 'string' && g.passwd !== '';
  // <listen> as an element (libvirt's current form) or as the older attribute.
  const listen = list(g.listen)[0];
  const listenAttr = typeof g.listen === 'string' ? str(g.listen) : undefined;
  const socket = (listen?.type === 'socket' ? str(listen.socket) : undefined) ?? str(g.socket);
  if (typeof socket === 'string') {
    if (!SOCKET_DIRS.some((d) => socket.startsWith(d)) || socket.includes('..') || /[\0\n]/.test(socket)) {
      throw new ApiError('invalid-input', `The display's socket path ${JSON.stringify(socket)} is not one libvirt makes; Virtdeck will not connect to it.`);
    }
    return { type, socket, passwordRequired };
  }
  const port = Number(g.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ApiError('invalid-input', 'The VM’s display has no port yet.', 'Start the VM, then open its console.');
  }
  const address = str(listen?.address) ?? listenAttr ?? '127.0.0.1';
  if (!isIP(address)) throw new ApiError('invalid-input', `The display listens on ${JSON.stringify(address)}, which is not an IP address; Virtdeck will not connect to it.`);
  // A display listening on every address is reached over loopback.
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  return { type, host, port, passwordRequired };
}
