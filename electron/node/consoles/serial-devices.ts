// The text consoles of a domain, read from its XML, named as libvirt's openConsole finds them:
// by alias. A defined (not running) domain has no aliases yet, so they are derived the way
// libvirt assigns them (serialN, consoleN by position). The first <console> of a domain with a
// serial port is that serial port itself (libvirt's alias for it is serial0), so it is listed once.
import type { SerialDevice } from '../../common/api/consoles.js';
import type { CharDevice } from '../xml/devices/index.js';
import { Domain } from '../xml/domain.js';

function port(d: CharDevice): number | null {
  const p = d.targetPort;
  return p !== undefined && Number.isInteger(p) && p >= 0 ? p : null;
}

export function serialDevicesOf(xml: string): SerialDevice[] {
  const dom = Domain.parse(xml);
  const serials = dom.devices('serial');
  const out: SerialDevice[] = [];
  serials.forEach((s, i) => {
    const sourceType = s.type ?? 'pty';
    out.push({
      name: s.alias ?? `serial${i}`,
      kind: 'serial',
      targetType: s.targetType ?? s.targetModel ?? 'isa-serial',
      port: port(s),
      sourceType,
      openable: sourceType === 'pty',
    });
  });
  dom.devices('console').forEach((c, i) => {
    const targetType = c.targetType ?? 'serial';
    const name = c.alias ?? (i === 0 && targetType === 'serial' && serials.length > 0 ? 'serial0' : `console${i}`);
    if (out.some((d) => d.name === name)) return;
    const sourceType = c.type ?? 'pty';
    out.push({ name, kind: 'console', targetType, port: port(c), sourceType, openable: sourceType === 'pty' });
  });
  return out;
}
