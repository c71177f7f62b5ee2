// What every hardware editor gets from the tab: the VM, its hardware as last read, and the one
// way to change it (edit: the preview dialog, then apply).
import type { DomainChange, DomainHardware, EditResult } from '../../../../../electron/common/api/domain-edits.js';
import type { DomainRef, DomainSummary } from '../../../../../electron/common/api/domains.js';

export interface EditRequest {
  /** The dialog's title (what is being changed). */
  title: string;
  changes: DomainChange[];
  /** The etag of the definition the changes were computed from (a change elsewhere since is a conflict). */
  etag: string;
}

/** How an edit ended: applied, cancelled, or given up for a reload after a conflict. */
export type EditEnd = { end: 'applied'; result: EditResult } | { end: 'cancelled' } | { end: 'reloaded' };

export interface EditorContext {
  target: DomainRef;
  hw: DomainHardware;
  /** The VM as the list knows it (its live vCPUs and memory). */
  vm: DomainSummary;
  /** The VM runs (its live XML was read with the definition). */
  running: boolean;
  /** Shows what the changes do, applies them when the user confirms. */
  edit(request: EditRequest): Promise<EditEnd>;
  /** The connection is read-only: every editor, Apply, Add and Remove is disabled (the tab says why, once). */
  readOnly: boolean;
  /** The shown editor has changes not yet applied (asked about before it goes away). */
  onDirty(dirty: boolean): void;
}
