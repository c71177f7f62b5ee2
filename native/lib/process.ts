import { native } from './binding.js';

/**
 * Gives up the process's controlling terminal, so the `ssh` that libvirt runs for qemu+ssh://
 * asks its questions through SSH_ASKPASS instead of on the terminal. True when one was released;
 * false when there was none, or the process leads its session (it then keeps it).
 */
export function releaseControllingTerminal(): boolean {
  return native.releaseControllingTerminal();
}
