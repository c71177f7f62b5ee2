// The text consoles of a domain, read from its XML, named as libvirt's openConsole finds them:
// by alias. A defined (not running) domain has no aliases yet, so they are derived the way
// libvirt assigns them (serialN, consoleN by position). The first <console> of a domain with a
// serial port is that serial port itself (libvirt's alias for it is serial0), so it is listed once.
import type { SerialDevice } from '../../common/api/consoles.js';
import { list, obj, parseDomain, str, type XmlNode } from '../domains/domain-xml.js';

function port(target: XmlNode): number | null {
  const p = Number(str(target.port));
  return Number.isInteger(p) && p >= 0 ? p : null;
}

function aliasOf(node: XmlNode): string | undefined {
  return str(obj(node.alias).name);
}

export function serialDevicesOf(xml: string): SerialDevice[] {
  const devices = obj(parseDomain(xml).devices);
  const serials = list(devices.serial);
  const out: SerialDevice[] = [];
  serials.forEach((s, i) => {
    const target = obj(s.target);
    const sourceType = str(s.type) ?? 'pty';
    out.push({
      name: aliasOf(s) ?? `serial${i}`,
      kind: 'serial',
      targetType: str(target.type) ?? str(obj(target.model).name) ?? 'isa-serial',
      port: port(target),
      sourceType,
      openable: sourceType === 'pty',
    });
  });
  list(devices.console).forEach((c, i) => {
    const target = obj(c.target);
    const targetType = str(target.type) ?? 'serial';
    const name = aliasOf(c) ?? (i === 0 && targetType === 'serial' && serials.length > 0 ? 'serial0' : `console${i}`);
    if (out.some((d) => d.name === name)) return;
    const sourceType = str(c.type) ?? 'pty';
    out.push({ name, kind: 'console', targetType, port: port(target), sourceType, openable: sourceType === 'pty' });
  });
  return out;
}
