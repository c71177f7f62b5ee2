// What else a device change must change for libvirt to take it, as virt-manager does it: a disk
// moved to another bus drops its old address and name; a display's `listen` and its first
// <listen address> move together; a video model drops the sizes only the old model had. Each
// is visible in the change's diff; nothing else is touched.
import type { PropValue as WireValue } from '../../../common/api/domain-edits.js';
import type { Domain } from '../../xml/domain.js';
import type { Device } from '../../xml/devices/index.js';
import { freeTarget, targetPrefix } from './disk-targets.js';

type Set = Readonly<Record<string, WireValue>>;

/** Video model attributes that belong to particular models (QEMU and libvirt refuse them on others). */
const VIDEO_SIZES = ['ram', 'vram', 'vram64', 'vgamem', 'heads'] as const;

/**
 * Reads what it needs from the device before the change, and returns what to do after it has
 * been written (with the whole definition at hand, for free names).
 */
export function consequencesOf(d: Device, set: Set): (config: Domain) => void {
  switch (d.kind) {
    case 'disk': {
      const newBus = set['targetBus'];
      const moved = typeof newBus === 'string' && newBus !== d.el.element('target')?.attr('bus');
      return (config) => {
        if (!moved) return;
        // libvirt refuses a virtio disk with a drive address; the old name belongs to the old bus.
        d.el.element('address')?.remove();
        const dev = d.el.element('target')?.attr('dev');
        if (set['targetDev'] === undefined && !dev?.startsWith(targetPrefix(newBus))) Reflect.set(d, 'targetDev', freeTarget(config, newBus));
      };
    }
    case 'graphics': {
      const listen = d.el.element('listen');
      const mirrored = listen?.attr('type') === 'address' && listen.attr('address') === d.el.attr('listen');
      return () => {
        // libvirt requires the attribute and the first <listen address> to agree.
        if (!mirrored || !listen) return;
        if ('listen' in set && !('listenAddress' in set)) {
          if (typeof set['listen'] === 'string') listen.setAttr('address', set['listen']);
        } else if ('listenAddress' in set && !('listen' in set) && typeof set['listenAddress'] === 'string') {
          d.el.setAttr('listen', set['listenAddress']);
        }
      };
    }
    case 'video': {
      const model = d.el.element('model');
      const changed = typeof set['modelType'] === 'string' && set['modelType'] !== model?.attr('type');
      return () => {
        if (!changed || !model) return;
        for (const a of VIDEO_SIZES) if (!(a in set) && model.hasAttr(a)) model.removeAttr(a);
      };
    }
    default:
      return () => undefined;
  }
}
