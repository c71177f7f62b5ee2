import { ApiError, type ApiErrorData } from '../../common/api/errors.js';
import * as libvirt from 'virtdeck/native';
import { msg, type MessageRef } from '../../common/messages/messages.js';

const E = libvirt.ErrorNumber;

/** The message for a libvirt error: its words, with what to try where the message alone leaves the user stuck. */
function libvirtMessage(code: number, detail: string): MessageRef {
  switch (code) {
    case E.OPERATION_INVALID:
      return msg('libvirt.operationInvalid', { detail });
    case E.NO_DOMAIN:
      return msg('libvirt.noDomain', { detail });
    case E.AUTH_FAILED:
    case E.AUTH_CANCELLED:
      return msg('libvirt.authFailed', { detail });
    case E.SYSTEM_ERROR:
    case E.RPC:
      return msg('libvirt.unreachable', { detail });
    case E.NO_CONNECT:
      return msg('libvirt.noConnect', { detail });
    case E.OPERATION_TIMEOUT:
      return msg('libvirt.timeout', { detail });
    case E.NO_SUPPORT:
    case E.ARGUMENT_UNSUPPORTED:
      return msg('libvirt.noSupport', { detail });
    case E.INTERNAL_ERROR:
      return msg('libvirt.internalError', { detail });
    default:
      return msg('libvirt.error', { detail });
  }
}

/**
 * The object a call used went away between its lookup and the call (the registry keeps handles):
 * the same not-found, in the same words, as a lookup of a missing object.
 */
const GONE: Record<number, MessageRef> = {
  [E.NO_DOMAIN]: msg('objects.domainGone'),
  [E.NO_NETWORK]: msg('objects.networkGone'),
  [E.NO_STORAGE_POOL]: msg('objects.poolGone'),
};

/** Maps anything a backend call threw to the contract's error data. */
export function toApiError(err: unknown): ApiErrorData {
  if (err instanceof ApiError) return err.toData();
  const gone = err instanceof libvirt.LibvirtError ? GONE[err.code] : undefined;
  if (err instanceof libvirt.LibvirtError && gone) return new ApiError('not-found', gone, { libvirtCode: err.code }).toData();
  if (err instanceof libvirt.LibvirtError) {
    return new ApiError('operation-failed', libvirtMessage(err.code, err.message), { libvirtCode: err.code }).toData();
  }
  return new ApiError('internal', msg('rpc.internal')).toData();
}
