// Creating a VM as one job (jobs/job-service.ts holds the rollback and the journal): the words
// for a failure, saying which step failed and why, after the rollback.
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../common/api/errors.js';
import type { CreateStep } from '../../common/api/vm-create.js';
import { leftBehind } from '../jobs/job-service.js';

const STEP_WORDS: Record<CreateStep, string> = {
  check: 'checking the settings',
  storage: 'creating the disk',
  define: 'defining the VM',
  start: 'starting the VM',
  rollback: 'undoing',
  done: 'finishing',
};

/** What the user reads when a create failed at `step`, after the rollback. */
export function createFailure(step: CreateStep, err: unknown, left: string[]): ApiError {
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
  const code = err instanceof libvirt.LibvirtError ? err.code : undefined;
  let hint: string;
  if (code === libvirt.ErrorNumber.OPERATION_FAILED && /already exists/.test(reason)) hint = 'Choose another name for the VM.';
  else if (code === libvirt.ErrorNumber.XML_ERROR || code === libvirt.ErrorNumber.XML_DETAIL || code === libvirt.ErrorNumber.CONFIG_UNSUPPORTED) hint = 'Check the configuration (Customize configuration before install shows the XML).';
  else if (err instanceof ApiError && err.hint) hint = err.hint;
  else hint = 'Check the host’s libvirtd log for details, then try again.';
  return new ApiError(err instanceof ApiError ? err.code : 'operation-failed', `Creating the VM failed while ${STEP_WORDS[step]}: ${reason}.${leftBehind(left)}`, hint, code);
}
