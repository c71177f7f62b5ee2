// The names a new VM may have. libvirt itself only refuses '/' and empty names, but a name
// also becomes file names (disk, NVRAM, logs) and shows in shells: we accept what
// virt-manager suggests and users type, and refuse the rest with a reason.
import { ApiError } from './errors.js';
import { msg, type MessageRef } from '../messages/messages.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._+:-]*$/;

/** Why the name cannot be used, or null when it can. */
export function vmNameProblem(name: string): MessageRef | null {
  if (name.length === 0) return msg('vmName.empty');
  if (name.length > 64) return msg('vmName.tooLong');
  if (!NAME.test(name)) return msg('vmName.chars');
  return null;
}

export function checkVmName(name: string): void {
  const problem = vmNameProblem(name);
  if (problem) throw new ApiError('invalid-input', msg('vmName.invalid', { name: name.slice(0, 80), problem }));
}
