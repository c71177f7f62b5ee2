// Creating a VM as one transaction: each step that makes something registers how to undo
// it, and a failure undoes them all in reverse before saying which step failed and why.
import * as libvirt from 'virtdeck/native';
import { ApiError } from '../../common/api/errors.js';
import type { CreateStep } from '../../common/api/vm-create.js';

type Undo = { what: string; run: () => Promise<unknown> };

export class Rollback {
  readonly #undo: Undo[] = [];
  add(what: string, run: () => Promise<unknown>): void {
    this.#undo.push({ what, run });
  }
  /** Undoes everything, newest first; returns what could not be undone. */
  async run(log: (msg: string) => void): Promise<string[]> {
    const left: string[] = [];
    for (const u of this.#undo.reverse()) {
      try {
        await u.run();
        log(`create: rolled back ${u.what}`);
      } catch (err) {
        left.push(u.what);
        log(`create: could not roll back ${u.what}: ${(err as Error).message}`);
      }
    }
    this.#undo.length = 0;
    return left;
  }
}

const STEP_WORDS: Record<CreateStep, string> = {
  check: 'checking the settings',
  storage: 'creating the disk',
  seed: 'writing the cloud-init seed',
  fetch: 'fetching the install kernel and initrd',
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
  const cleanup = left.length ? ` These could not be removed and are still on the host: ${left.join(', ')}.` : ' Nothing was left behind.';
  return new ApiError(err instanceof ApiError ? err.code : 'operation-failed', `Creating the VM failed while ${STEP_WORDS[step]}: ${reason}.${cleanup}`, hint, code);
}
