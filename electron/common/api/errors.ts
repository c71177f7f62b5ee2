/** Why a call failed, as the UI shows it: what happened and what to do. */
export type ApiErrorCode =
  | 'invalid-request' // the message did not match the contract
  | 'not-found' // no such connection or domain
  | 'not-connected' // the connection is not open
  | 'invalid-input' // a value the user gave is not acceptable (see message)
  | 'operation-failed' // libvirt refused or failed (see libvirtCode)
  | 'host-key-changed' // an SSH host presented another key than the known one
  | 'in-use' // another client holds it (a text console); the UI may offer to take it over
  | 'cancelled' // the user cancelled a job; what it made was rolled back
  | 'internal';

export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
  hint?: string;
  libvirtCode?: number;
}

export class ApiError extends Error implements ApiErrorData {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly hint?: string,
    readonly libvirtCode?: number,
  ) {
    super(message);
  }

  toData(): ApiErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.libvirtCode !== undefined ? { libvirtCode: this.libvirtCode } : {}),
    };
  }
}
