// The names a new VM may have. libvirt itself only refuses '/' and empty names, but a name
// also becomes file names (disk, NVRAM, logs) and shows in shells: we accept what
// virt-manager suggests and users type, and refuse the rest with a reason.
import { ApiError } from './errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._+:-]*$/;

/** Why the name cannot be used, or null when it can. */
export function vmNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a name for the VM.';
  if (name.length > 64) return 'The name is longer than 64 characters; shorten it.';
  if (!NAME.test(name)) return 'Use letters, digits and . _ + : - only, starting with a letter or digit.';
  return null;
}

export function checkVmName(name: string): void {
  const problem = vmNameProblem(name);
  if (problem) throw new ApiError('invalid-input', `The name “${name.slice(0, 80)}” cannot be used.`, problem);
}
