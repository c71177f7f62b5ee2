// Which lifecycle actions a VM's state allows, and how each one is carried out.
import type { VirtApi } from '../../../../electron/common/api/contract.js';
import type { DomainRef, DomainStateName, DomainSummary } from '../../../../electron/common/api/domains.js';

export type ActionId = 'start' | 'shutdown' | 'reboot' | 'forceOff' | 'forceReset' | 'pause' | 'resume' | 'save' | 'delete';

const ACTIVE: DomainStateName[] = ['running', 'blocked', 'paused', 'shutdown', 'pmsuspended'];

/** keys: the shortcut while the VM list has focus (aria-keyshortcuts syntax). */
export const ACTIONS: { id: ActionId; allowed: (d: DomainSummary) => boolean; destructive: boolean; keys?: string }[] = [
  { id: 'start', allowed: (d) => d.state === 'shutoff' || d.state === 'crashed' || d.state === 'nostate', destructive: false, keys: 'Control+Enter' },
  { id: 'shutdown', allowed: (d) => d.state === 'running' || d.state === 'blocked', destructive: false, keys: 'Control+Shift+D' },
  { id: 'reboot', allowed: (d) => d.state === 'running' || d.state === 'blocked', destructive: false, keys: 'Control+Shift+R' },
  { id: 'forceOff', allowed: (d) => ACTIVE.includes(d.state), destructive: true },
  { id: 'forceReset', allowed: (d) => d.state === 'running' || d.state === 'blocked' || d.state === 'paused', destructive: true },
  { id: 'pause', allowed: (d) => d.state === 'running' || d.state === 'blocked', destructive: false, keys: 'Control+Shift+P' },
  { id: 'resume', allowed: (d) => d.state === 'paused', destructive: false, keys: 'Control+Shift+U' },
  { id: 'save', allowed: (d) => d.persistent && (d.state === 'running' || d.state === 'paused'), destructive: false },
  { id: 'delete', allowed: (d) => d.persistent && (d.state === 'shutoff' || d.state === 'crashed'), destructive: true, keys: 'Delete' },
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
