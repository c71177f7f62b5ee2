// The essentials of a domain's XML for the details view.
import type { DomainDetails, DomainSummary } from '../../common/api/domains.js';
import { list, obj, parseDomain, str } from './domain-xml.js';

export function parseDetails(summary: DomainSummary, xml: string): DomainDetails {
  const dom = parseDomain(xml);
  const os = obj(dom.os);
  const type = obj(os.type);
  const devices = obj(dom.devices);
  const title = str(dom.title);
  const description = str(dom.description);
  const arch = str(type.arch);
  const machine = str(type.machine);
  return {
    ...summary,
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    xml,
    hypervisorType: str(dom.type) ?? 'unknown',
    os: { type: str(type['#text'] ?? os.type) ?? 'unknown', ...(arch ? { arch } : {}), ...(machine ? { machine } : {}) },
    disks: list(devices.disk).map((d) => {
      const source = obj(d.source);
      const src = str(source.file) ?? str(source.dev) ?? str(source.name) ?? str(source.volume);
      return { target: str(obj(d.target).dev) ?? '?', device: str(d.device) ?? 'disk', ...(src ? { source: src } : {}) };
    }),
    interfaces: list(devices.interface).map((i) => {
      const source = obj(i.source);
      const mac = str(obj(i.mac).address);
      const src = str(source.network) ?? str(source.bridge) ?? str(source.dev);
      const model = str(obj(i.model).type);
      return { type: str(i.type) ?? 'unknown', ...(mac ? { mac } : {}), ...(src ? { source: src } : {}), ...(model ? { model } : {}) };
    }),
    graphics: list(devices.graphics).map((g) => {
      const listen = str(g.listen);
      const port = Number(str(g.port));
      return { type: str(g.type) ?? 'unknown', ...(listen ? { listen } : {}), ...(Number.isInteger(port) && port > 0 ? { port } : {}) };
    }),
  };
}
