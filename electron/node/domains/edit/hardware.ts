// A VM's definition as the hardware editors read it: every mapped property the definition sets,
// domain-level and per device, with the devices' stable identities; and, while the VM runs,
// which devices the running VM has and whether the definition holds changes that wait for a
// restart (what the editors change, compared between the two: not runtime details like ports).
import type * as libvirt from 'virtdeck/native';
import type { DomainHardware, HardwareDevice } from '../../../common/api/domain-edits.js';
import type { PropValue } from '../../xml/binding.js';
import { Domain } from '../../xml/domain.js';
import type { XmlObject } from '../../xml/binding.js';
import { readConfigXml } from '../config-xml.js';
import { liveDeviceOf } from './device-match.js';
import { propDefsOf } from './set-props.js';

type Props = Record<string, string | number | boolean | string[]>;

function propsOf(obj: XmlObject): Props {
  const out: Props = {};
  for (const def of propDefsOf(obj)) {
    const v: PropValue | undefined = obj.readProp(def);
    if (v !== undefined) out[def.name] = Array.isArray(v) ? [...(v as readonly string[])] : (v as string | number | boolean);
  }
  return out;
}

/** Properties that differ between the running VM and its definition without anything pending. */
const RUNTIME: ReadonlySet<string> = new Set([
  'alias',
  'port',
  'tlsPort',
  'autoport',
  'websocket',
  'listen',
  'listenAddress',
  'listenType',
  'targetDev', // a NIC's tap name (vnet0) appears only while it runs
  'currentMemory',
  'currentMemoryUnit',
  'vcpuCurrent',
  'sourceFile', // removable media changes now; a disk's path only at define
  'sourceDev',
  'linkState',
  'passwd',
  'title',
  'description',
  'memoryUnit',
]);

const editable = (props: Props): Props => Object.fromEntries(Object.entries(props).filter(([k]) => !RUNTIME.has(k)));
const same = (a: Props, b: Props): boolean => JSON.stringify(editable(a)) === JSON.stringify(editable(b));

/** Whether what the editors change differs between the definition and the running VM. */
export function pendingRestart(config: Domain, live: Domain): boolean {
  const configProps = propsOf(config);
  const liveProps = propsOf(live);
  if (config.memoryBytes !== live.memoryBytes) return true;
  delete configProps['memory'];
  delete liveProps['memory'];
  if (!same(configProps, liveProps)) return true;
  const configDevices = config.devices().filter((d) => d.kind !== 'controller' && d.kind !== 'memballoon');
  const liveDevices = live.devices().filter((d) => d.kind !== 'controller' && d.kind !== 'memballoon');
  if (configDevices.length !== liveDevices.length) return true;
  return configDevices.some((d) => {
    const l = liveDeviceOf(d, config, live);
    return !l || !same(propsOf(d), propsOf(l));
  });
}

export async function readHardware(dom: libvirt.Domain): Promise<DomainHardware> {
  const [{ xml, etag }, liveXml] = await Promise.all([readConfigXml(dom), dom.isActive().then((on) => (on ? dom.XMLDesc(0) : undefined))]);
  const config = Domain.parse(xml);
  const live = liveXml === undefined ? undefined : Domain.parse(liveXml);
  const devices: HardwareDevice[] = config.devices().map((d) => ({
    id: d.id,
    kind: d.kind,
    props: propsOf(d),
    xml: d.el.serialize(),
    ...(live ? { live: liveDeviceOf(d, config, live) !== undefined } : {}),
  }));
  return {
    xml,
    etag,
    domain: propsOf(config),
    devices,
    ...(liveXml !== undefined ? { liveXml } : {}),
    pendingRestart: live ? pendingRestart(config, live) : false,
  };
}
