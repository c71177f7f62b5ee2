// A network's forward mode in words. libvirt says `bridge` both for a host bridge and for macvtap
// (a bridge-mode forward with a physical interface): the device tells them apart.
import i18next from 'i18next';
import type { NetworkDetails } from '../../../../electron/common/api/networks.js';
import type { NetworkMode } from './network-form.js';

const MODE_KEYS = {
  nat: 'host.networks.mode_nat',
  route: 'host.networks.mode_route',
  isolated: 'host.networks.mode_isolated',
  open: 'host.networks.mode_open',
  bridge: 'host.networks.mode_bridge',
  macvtap: 'host.networks.mode_macvtap',
} as const satisfies Record<NetworkMode, string>;

export function modeWord(mode: NetworkMode): string {
  return i18next.t(MODE_KEYS[mode]);
}

/** The mode of an existing network; one the form does not offer (passthrough, hostdev…) as libvirt names it. */
export function modeLabel(d: Pick<NetworkDetails, 'mode' | 'bridge' | 'device'>): string {
  if (d.mode === 'bridge' && d.device && !d.bridge) return modeWord('macvtap');
  return d.mode in MODE_KEYS ? modeWord(d.mode as NetworkMode) : d.mode;
}
