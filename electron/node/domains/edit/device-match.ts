// Which device of the running VM is a device of its definition. Their identities differ (the
// live XML gives every device an alias), so they are matched by what both keep: the address
// libvirt assigned at define time, else what names the device to the guest (a disk's target,
// a NIC's MAC), else the position among devices of the kind.
import type { Domain } from '../../xml/domain.js';
import type { Device } from '../../xml/devices/index.js';

function sameAddress(a: Device, b: Device): boolean {
  const x = a.address;
  const y = b.address;
  if (!x || !y) return false;
  const keys = Object.keys(x);
  return keys.length > 0 && keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** What names a device to the guest, where its kind has such a thing. */
function guestKey(d: Device): string | undefined {
  const el = d.el;
  switch (d.kind) {
    case 'disk':
      return el.element('target')?.attr('dev');
    case 'interface':
      return el.element('mac')?.attr('address')?.toLowerCase();
    case 'controller':
      return `${el.attr('type') ?? ''}/${el.attr('index') ?? ''}`;
    case 'serial':
    case 'console':
    case 'parallel':
      return `${el.element('target')?.attr('port') ?? ''}`;
    case 'channel':
      return el.element('target')?.attr('name');
    default:
      return undefined;
  }
}

/** The running VM's device that is `configDevice`, or undefined when the running VM lacks it. */
export function liveDeviceOf(configDevice: Device, configDomain: Domain, live: Domain): Device | undefined {
  const candidates = live.devices(configDevice.kind);
  const key = guestKey(configDevice);
  if (key !== undefined) return candidates.find((d) => guestKey(d) === key);
  if (configDevice.address) {
    const byAddress = candidates.find((d) => sameAddress(d, configDevice));
    if (byAddress) return byAddress;
  }
  // Kinds without a guest-visible key (video, sound, input, …): the n-th of its kind, when both
  // have the same number of that kind (else the position means nothing).
  const configured = configDomain.devices(configDevice.kind);
  return configured.length === candidates.length ? candidates[configDevice.index] : undefined;
}
