// Previewing and applying the editors' changes to one VM. Applying runs the live steps first,
// each undone again if a later one (or the definition) is refused, so a refusal leaves the VM
// as it was; then it writes the definition, which is refused when the VM's configuration changed
// since the editor read it (the etag), so a change made with virsh meanwhile is never lost.
import * as libvirt from 'virtdeck/native';
import type { DomainChange, EditPreview, EditResult } from '../../../common/api/domain-edits.js';
import { ApiError } from '../../../common/api/errors.js';
import { msg } from '../../../common/messages/messages.js';
import { defineConfigXml, readConfigForWrite, readLiveXml } from '../config-xml.js';
import { planEdit, type EditPlan, type LiveStep } from './plan.js';

export interface EditRequest {
  etag: string;
  changes: readonly DomainChange[];
  /** A running VM's changes go to its definition only (they take effect at its next start). */
  definitionOnly?: boolean | undefined;
}

async function plan(dom: libvirt.Domain, req: EditRequest): Promise<EditPlan> {
  const current = await readConfigForWrite(dom);
  if (current.etag !== req.etag) throw new ApiError('conflict', msg('config.conflict'));
  const live = (await dom.isActive()) ? await readLiveXml(dom) : undefined;
  return planEdit(current.xml, live, req.changes, req.definitionOnly === true);
}

export async function previewEdit(dom: libvirt.Domain, req: EditRequest): Promise<EditPreview> {
  const { xml, diff, outcomes } = await plan(dom, req);
  return { xml, diff, outcomes };
}

/** Undoes the steps that ran, last first; an undo that fails is logged, not thrown over the cause. */
async function undo(dom: libvirt.Domain, done: LiveStep[], log: (line: string) => void): Promise<void> {
  for (const step of done.reverse()) {
    try {
      await step.undo(dom);
    } catch (err) {
      log(`undoing a live change after a refusal failed: ${(err as Error).message}`);
    }
  }
}

export async function applyEdit(conn: libvirt.Connection, dom: libvirt.Domain, req: EditRequest, log: (line: string) => void = console.warn): Promise<EditResult> {
  const p = await plan(dom, req);
  const done: LiveStep[] = [];
  for (const step of p.steps) {
    try {
      await step.run(dom);
      done.push(step);
    } catch (err) {
      await undo(dom, done, log);
      if (err instanceof libvirt.LibvirtError) throw new ApiError('operation-failed', msg('edit.liveRefused', { detail: err.message }), { libvirtCode: err.code });
      throw err;
    }
  }
  try {
    const etag = p.xml === p.before ? req.etag : await defineConfigXml(conn, dom, p.xml, req.etag);
    return { etag, diff: p.diff, outcomes: p.outcomes };
  } catch (err) {
    await undo(dom, done, log);
    throw err;
  }
}
