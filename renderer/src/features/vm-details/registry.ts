// The tabs of a VM's details, registered by the features that provide them (see tabs.ts:
// Overview, Hardware, Resources, Performance, XML; Snapshots registers the same way). A tab is
// reached by URL: `#/host/ID/vm/UUID/<id>`.
import type { ComponentType } from 'react';
import type { DomainRef, DomainSummary } from '../../../../electron/common/api/domains.js';
import type { UiLabelKey } from '../../i18n/resources.js';

export interface VmTabProps {
  target: DomainRef;
  /** The VM as the list knows it (state, vCPUs, memory); always present (the page says when it is gone). */
  vm: DomainSummary;
  /** What the UI calls the VM's host. */
  host: string;
}

export interface VmTab {
  /** The URL segment, lower-case (`overview`, `performance`, `hardware`). */
  id: string;
  /** i18n key of the tab's label. */
  label: UiLabelKey;
  /** Where it sits among the tabs (virt-manager's order: Overview 10, Hardware 20, Performance 30, Snapshots 40, XML 50; Resources 25, beside the hardware it controls). */
  order: number;
  Panel: ComponentType<VmTabProps>;
}

const tabs = new Map<string, VmTab>();

export function registerVmTab(tab: VmTab): void {
  if (tabs.has(tab.id)) throw new Error(`VM details tab "${tab.id}" is registered twice`);
  tabs.set(tab.id, tab);
}

/** The registered tabs in their order. */
export function vmTabs(): VmTab[] {
  return [...tabs.values()].sort((a, b) => a.order - b.order);
}

export function vmTab(id: string): VmTab | undefined {
  return tabs.get(id);
}
