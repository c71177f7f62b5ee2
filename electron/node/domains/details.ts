// The essentials of a domain's XML for the details view.
import type { DomainDetails, DomainSummary } from '../../common/api/domains.js';
import { Domain } from '../xml/domain.js';

export function parseDetails(summary: DomainSummary, xml: string): DomainDetails {
  const dom = Domain.parse(xml);
  const { title, description, osArch: arch, osMachine: machine } = dom;
  return {
    ...summary,
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    xml,
    hypervisorType: dom.type ?? 'unknown',
    os: { type: dom.osType ?? 'unknown', ...(arch ? { arch } : {}), ...(machine ? { machine } : {}) },
    disks: dom.devices('disk').map((d) => {
      const src = d.sourceFile ?? d.sourceDev ?? d.sourceName ?? d.sourceVolume;
      return { target: d.targetDev ?? '?', device: d.device ?? 'disk', ...(src ? { source: src } : {}) };
    }),
    interfaces: dom.devices('interface').map((i) => {
      const { macAddress: mac, modelType: model } = i;
      const src = i.sourceNetwork ?? i.sourceBridge ?? i.sourceDev;
      return { type: i.type ?? 'unknown', ...(mac ? { mac } : {}), ...(src ? { source: src } : {}), ...(model ? { model } : {}) };
    }),
    graphics: dom.devices('graphics').map((g) => {
      const { listen, port } = g;
      return { type: g.type ?? 'unknown', ...(listen ? { listen } : {}), ...(port !== undefined && Number.isInteger(port) && port > 0 ? { port } : {}) };
    }),
  };
}
