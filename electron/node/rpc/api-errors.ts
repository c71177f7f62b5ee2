import { ApiError, type ApiErrorData } from '../../common/api/errors.js';
import * as libvirt from 'virtdeck/native';

const E = libvirt.ErrorNumber;

/** What to try, for libvirt errors whose message alone leaves the user stuck. */
function hintFor(code: number): string | undefined {
  switch (code) {
    case E.OPERATION_INVALID:
      return 'The VM is not in a state that allows this; refresh and try again.';
    case E.NO_DOMAIN:
      return 'The VM no longer exists on this host; it may have been removed elsewhere.';
    case E.AUTH_FAILED:
    case E.AUTH_CANCELLED:
      return 'Check the user name, password or SSH key for this host.';
    case E.SYSTEM_ERROR:
    case E.RPC:
      return 'Check that the host is reachable and libvirtd runs there, then reconnect.';
    case E.NO_CONNECT:
      return 'Check the connection URI and that libvirtd runs on the host.';
    case E.OPERATION_TIMEOUT:
      return 'The host did not answer in time; it may be busy. Try again.';
    case E.NO_SUPPORT:
    case E.ARGUMENT_UNSUPPORTED:
      return 'This hypervisor does not support that operation.';
    case E.INTERNAL_ERROR:
      return 'libvirt gave no more detail; the host’s libvirtd log may say more. Refresh and try again.';
    default:
      return undefined;
  }
}

/** Maps anything a backend call threw to the contract's error data. */
export function toApiError(err: unknown): ApiErrorData {
  if (err instanceof ApiError) return err.toData();
  if (err instanceof libvirt.LibvirtError) {
    const hint = hintFor(err.code);
    return { code: 'operation-failed', message: err.message, libvirtCode: err.code, ...(hint ? { hint } : {}) };
  }
  return { code: 'internal', message: 'Virtdeck hit an internal error; details are in its log.' };
}
