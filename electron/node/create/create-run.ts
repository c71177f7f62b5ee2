// Creating a VM as one job (jobs/job-service.ts holds the rollback and the journal): the words
// for a failure, saying which step failed and why, after the rollback.
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../common/api/errors.js';
import { msg, type MessageParam, type MessageRef } from '../../common/messages/messages.js';
import type { CreateStep } from '../../common/api/vm-create.js';

const STEP_WORDS = {
  check: msg('create.step.check'),
  storage: msg('create.step.storage'),
  seed: msg('create.step.seed'),
  fetch: msg('create.step.fetch'),
  define: msg('create.step.define'),
  start: msg('create.step.start'),
  rollback: msg('create.step.rollback'),
  done: msg('create.step.done'),
} satisfies Record<CreateStep, MessageRef>;

/** What the user reads when a create failed at `step`, after the rollback. */
export function createFailure(step: CreateStep, err: unknown, left: string[]): ApiError {
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
  const code = err instanceof libvirt.LibvirtError ? err.code : undefined;
  let hint: MessageParam;
  if (code === libvirt.ErrorNumber.OPERATION_FAILED && /already exists/.test(reason)) hint = msg('create.hintNameTaken');
  else if (code === libvirt.ErrorNumber.XML_ERROR || code === libvirt.ErrorNumber.XML_DETAIL || code === libvirt.ErrorNumber.CONFIG_UNSUPPORTED) hint = msg('create.hintConfig');
  else if (err instanceof ApiError && err.hint) hint = { ...err.ref, part: 'hint' };
  else hint = msg('create.hintLog');
  const cleanup = left.length ? msg('create.cleanupLeft', { left: left.join(', ') }) : msg('create.cleanupNone');
  return new ApiError(err instanceof ApiError ? err.code : 'operation-failed', msg('create.failed', { step: STEP_WORDS[step], reason, cleanup, hint }), { libvirtCode: code });
}
