// One path for lifecycle actions, whether they come from the toolbar, the context menu or a
// key: destructive ones ask first (naming the VMs and their host), failures become notices.
import i18next from 'i18next';
import type { DomainSummary } from '../../../../electron/common/api/domains.js';
import { api, notifyError, type UiState, useStore } from '../../store/store.js';
import { connectionLabel } from '../connections/connection-label.js';
import { ACTIONS, run, type ActionId } from './actions.js';

type Confirmable = 'forceOff' | 'forceReset' | 'delete';
const CONFIRM: readonly ActionId[] = ['forceOff', 'forceReset', 'delete'];
const needsConfirm = (id: ActionId): id is Confirmable => CONFIRM.includes(id);

/** The selected VMs of the selected host. */
export function selectedDomains(s: UiState): DomainSummary[] {
  const doms = s.selectedConnection ? s.domains[s.selectedConnection] : undefined;
  return doms ? s.selected.map((u) => doms[u]).filter((d) => d !== undefined) : [];
}

export function hostName(s: UiState): string {
  const c = s.connections.find((x) => x.id === s.selectedConnection);
  return c ? connectionLabel(c, s.connections) : '';
}

export function isAllowed(id: ActionId, targets: DomainSummary[]): boolean {
  const a = ACTIONS.find((x) => x.id === id)!;
  return targets.some(a.allowed);
}

/** Runs the action on the selection now, or asks first when it is destructive. */
export function requestAction(id: ActionId): void {
  const targets = selectedDomains(useStore.getState());
  if (!isAllowed(id, targets)) return;
  if (needsConfirm(id)) useStore.setState({ confirming: id });
  else void performAction(id);
}

export async function performAction(id: ActionId): Promise<void> {
  useStore.setState({ confirming: null });
  const label = i18next.t(`toolbar.${id}`);
  const allowed = ACTIONS.find((a) => a.id === id)!.allowed;
  await Promise.all(
    selectedDomains(useStore.getState())
      .filter(allowed)
      .map((d) =>
        run(api(), id, d.ref).catch((err: unknown) => {
          notifyError(i18next.t('errors.actionFailed', { action: label, name: d.name }), err);
        }),
      ),
  );
}
