// Which lifecycle actions a VM's state allows, and how each one is carried out.
import type { VirtApi } from '../../../../electron/common/api/contract.js';
import type { DomainRef, DomainStateName, DomainSummary } from '../../../../electron/common/api/domains.js';

export type ActionId = 'start' | 'shutdown' | 'reboot' | 'forceOff' | 'forceReset' | 'pause' | 'resume' | 'wakeup' | 'save' | 'delete';

// libvirt's state machine, as the QEMU driver enforces it (virt-manager's rules in
// virtManager/object/domain.py are the reference). "nostate" and "blocked" count as running, as
// virt-manager normalises them. A *crashed* VM (on_crash=preserve) is still active: its QEMU
// process holds the guest's memory, so Start fails ("already running"); it offers Force Off and
// Force Reset (libvirt resets a crashed guest into paused). A *pmsuspended* guest put itself to
// sleep (ACPI S3): Wake Up brings it back; it can be forced off, reset or saved (libvirtd
// accepts a managed save of it), not paused.
const running = (d: DomainSummary) => d.state === 'running' || d.state === 'blocked' || d.state === 'nostate';
const FORCE_RESET: DomainStateName[] = ['paused', 'crashed', 'pmsuspended'];

/** keys: the shortcut while the VM list has focus (aria-keyshortcuts syntax). */
export const ACTIONS: { id: ActionId; allowed: (d: DomainSummary) => boolean; destructive: boolean; keys?: string }[] = [
  { id: 'start', allowed: (d) => d.state === 'shutoff', destructive: false, keys: 'Control+Enter' },
  { id: 'shutdown', allowed: running, destructive: false, keys: 'Control+Shift+D' },
  { id: 'reboot', allowed: running, destructive: false, keys: 'Control+Shift+R' },
  { id: 'forceOff', allowed: (d) => d.state !== 'shutoff', destructive: true },
  { id: 'forceReset', allowed: (d) => running(d) || FORCE_RESET.includes(d.state), destructive: true },
  { id: 'pause', allowed: running, destructive: false, keys: 'Control+Shift+P' },
  { id: 'resume', allowed: (d) => d.state === 'paused', destructive: false, keys: 'Control+Shift+U' },
  { id: 'wakeup', allowed: (d) => d.state === 'pmsuspended', destructive: false },
  { id: 'save', allowed: (d) => d.persistent && (running(d) || d.state === 'paused' || d.state === 'pmsuspended'), destructive: false },
  { id: 'delete', allowed: (d) => d.persistent && d.state === 'shutoff', destructive: true, keys: 'Delete' },
];

export function run(api: VirtApi, id: ActionId, ref: DomainRef): Promise<void> {
  const p = { ref };
  switch (id) {
    case 'start':
      return api.domains.start(p);
    case 'shutdown':
      return api.domains.shutdown(p);
    case 'reboot':
      return api.domains.reboot(p);
    case 'forceOff':
      return api.domains.forceOff(p);
    case 'forceReset':
      return api.domains.forceReset(p);
    case 'pause':
      return api.domains.pause(p);
    case 'resume':
      return api.domains.resume(p);
    case 'wakeup':
      return api.domains.wakeup(p);
    case 'save':
      return api.domains.save(p);
    case 'delete':
      return api.domains.undefine(p);
  }
}

/** The action a key press asks for, if any (keys as in ACTIONS). */
export function actionForKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): ActionId | null {
  const mod = e.ctrlKey || e.metaKey;
  const pressed = `${mod ? 'Control+' : ''}${e.shiftKey ? 'Shift+' : ''}${e.key.length === 1 ? e.key.toUpperCase() : e.key}`;
  return ACTIONS.find((a) => a.keys === pressed)?.id ?? null;
}
