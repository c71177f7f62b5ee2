// A VM's definition as the hardware editors read it: every mapped property the definition sets,
// domain-level and per device, with the devices' stable identities; and, while the VM runs,
// which devices the running VM has and whether the definition holds changes that wait for a
// restart (what the editors change, compared between the two: not runtime details like ports).
import type * as libvirt from 'virtdeck/native';
import type { DomainHardware, HardwareDevice } from '../../../common/api/domain-edits.js';
import type { PropValue } from '../../xml/binding.js';
import { Domain } from '../../xml/domain.js';
import type { XmlObject } from '../../xml/binding.js';
import type { Device } from '../../xml/devices/index.js';
import { readConfigXml, readLiveXml } from '../config-xml.js';
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
  'linkState',
  'passwd',
  'title',
  'description',
  'memoryUnit',
  'cpuCheck', // libvirt fills it in when the VM starts
  'sourcePath', // a pty's path
  'tty',
]);

/**
 * The names of the properties that differ, runtime details left out. Only what the definition
 * sets counts: what the running VM shows beyond it are defaults QEMU and libvirt filled in.
 */
function differing(prefix: string, a: Props, b: Props): string[] {
  const names = Object.keys(a).filter((k) => !RUNTIME.has(k));
  return names.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${prefix}${k}`);
}

/**
 * What the editors change that differs between the definition and the running VM: it takes
 * effect at the next start. Names like `memory`, `cpuMode`, `disk/…:driverCache`, `+disk/…`.
 */
export function pendingChanges(config: Domain, live: Domain): string[] {
  const out: string[] = [];
  if (config.memoryBytes !== live.memoryBytes) out.push('memory');
  const { memory: _c, ...configProps } = propsOf(config);
  const { memory: _l, ...liveProps } = propsOf(live);
  out.push(...differing('', configProps, liveProps));
  const counted = (d: Device): boolean => d.kind !== 'controller' && d.kind !== 'memballoon';
  const matched = new Set<Device>();
  for (const d of config.devices().filter(counted)) {
    const l = liveDeviceOf(d, config, live);
    if (!l) out.push(`+${d.id}`);
    else {
      matched.add(l);
      const [mine, running] = [propsOf(d), propsOf(l)];
      // An empty drive runs without a format: the definition's is for the media to come.
      if (d.kind === 'disk' && !l.el.element('source')) delete mine['driverType'];
      // Removable media change on the running VM at once: its source is not pending; a disk's is.
      if (d.kind === 'disk' && ['cdrom', 'floppy'].includes(d.el.attr('device') ?? '')) {
        delete mine['sourceFile'];
        delete mine['sourceDev'];
      }
      out.push(...differing(`${d.id}:`, mine, running));
    }
  }
  for (const l of live.devices().filter(counted)) if (![...matched].some((m) => m.el === l.el)) out.push(`-${l.id}`);
  return out;
}

const AGENT_CHANNEL = 'org.qemu.guest_agent.0';

/** The guest agent's channel in the definition, and its state in the running VM (libvirt reports connected/disconnected). */
function agentState(config: Domain, live: Domain | undefined): DomainHardware['agent'] {
  const isAgent = (d: Device): boolean => d.el.element('target')?.attr('name') === AGENT_CHANNEL;
  if (!config.devices('channel').some(isAgent)) return 'none';
  const state = live?.devices('channel').find(isAgent)?.el.element('target')?.attr('state');
  return state === 'connected' ? 'connected' : live ? 'disconnected' : 'configured';
}

/**
 * The hardware view of a VM. `active` is whether it runs, where the caller already knows (the VM
 * list's state, kept by events): a VM that is off then costs one XML fetch and nothing more.
 */
export async function readHardware(dom: libvirt.Domain, active?: boolean): Promise<DomainHardware> {
  const running = active ?? dom.isActive();
  const [{ xml, etag }, liveXml] = await Promise.all([readConfigXml(dom), Promise.resolve(running).then((on) => (on ? readLiveXml(dom) : undefined))]);
  const config = Domain.parse(xml);
  const live = liveXml === undefined ? undefined : Domain.parse(liveXml);
  const pending = live ? pendingChanges(config, live) : undefined;
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
    ...(config.osinfoId !== undefined ? { osinfoId: config.osinfoId } : {}),
    agent: agentState(config, live),
    devices,
    ...(liveXml !== undefined ? { liveXml } : {}),
    ...(pending ? { pending } : {}),
    pendingRestart: (pending?.length ?? 0) > 0,
  };
}
