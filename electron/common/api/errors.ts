// Errors of the contract: a code for the program (what kind of failure), a message id with
// parameters for the UI (worded through the catalog, electron/common/messages), and the English
// text of both for logs.
import { z } from 'zod';
import { englishHint, englishMessage, isMessageId, isMessageRef, msg, type MessageId, type MessageParam, type MessageRef } from '../messages/messages.js';

/** Why a call failed, as the UI shows it: what happened and what to do. */
export const apiErrorCode = z.enum([
  'invalid-request', // the message did not match the contract
  'not-found', // no such connection or domain
  'not-connected', // the connection is not open
  'invalid-input', // a value the user gave is not acceptable (see message)
  'operation-failed', // libvirt refused or failed (see libvirtCode)
  'host-key-changed', // an SSH host presented another key than the known one
  'in-use', // another client holds it (a text console); the UI may offer to take it over
  'cancelled', // the user cancelled a job; what it made was rolled back
  'conflict', // the object's configuration was changed elsewhere since it was read: reload and apply again
  'busy', // this client has too many calls waiting; retry when earlier ones have answered
  'internal',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCode>;

/** A message of the catalog with its parameters, as it crosses the wire (the UI words it). */
export const messageRef = z.custom<MessageRef>(isMessageRef, 'a message of the catalog');

/** A parameter of a message: a value, or another message. */
const messageParam = z.union([z.string(), z.number(), messageRef]);

export const apiErrorData = z.strictObject({
  code: apiErrorCode,
  messageId: z.custom<MessageId>(isMessageId, 'a message id of the catalog'),
  params: z.record(z.string(), messageParam),
  /** English, for logs: the UI words messageId instead. */
  message: z.string(),
  /** English, for logs: the catalog's hint of messageId. */
  hint: z.string().optional(),
  libvirtCode: z.number().int().optional(),
});
export type ApiErrorData = z.infer<typeof apiErrorData>;

export class ApiError extends Error implements ApiErrorData {
  override readonly name = 'ApiError';
  readonly messageId: MessageId;
  readonly params: Record<string, MessageParam>;
  readonly hint?: string;
  readonly libvirtCode?: number;
  constructor(
    readonly code: ApiErrorCode,
    what: MessageRef,
    options: { libvirtCode?: number | undefined } = {},
  ) {
    super(englishMessage(what));
    this.messageId = what.messageId;
    this.params = what.params;
    const hint = englishHint(what);
    if (hint !== undefined) this.hint = hint;
    if (options.libvirtCode !== undefined) this.libvirtCode = options.libvirtCode;
  }

  /** The message this error says, as a reference (to nest in another message). */
  get ref(): MessageRef {
    return { messageId: this.messageId, params: this.params };
  }

  /** The error a call's result carried; one whose id this side does not know keeps its English words. */
  static fromData(d: ApiErrorData): ApiError {
    const what: MessageRef = isMessageId(d.messageId) ? { messageId: d.messageId, params: d.params } : msg('ui.unexpected', { detail: d.message });
    return new ApiError(d.code, what, { libvirtCode: d.libvirtCode });
  }

  toData(): ApiErrorData {
    return {
      code: this.code,
      messageId: this.messageId,
      params: this.params,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.libvirtCode !== undefined ? { libvirtCode: this.libvirtCode } : {}),
    };
  }
}
