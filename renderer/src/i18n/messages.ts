// The catalog's messages in the user's language: the one place that turns an error (or a
// progress message) into words. Backend errors carry a message id and parameters
// (electron/common/messages); they are worded here through i18next, never from their English
// `message`. Only errors that did not come from the catalog (a script error in the page, a
// backend older than the catalog) fall back to their own text, here and nowhere else.
import i18next from 'i18next';
import { ApiError, type ApiErrorCode, type ApiErrorData } from '../../../electron/common/api/errors.js';
import { catalog } from '../../../electron/common/messages/catalog.js';
import { englishHint, englishMessage, isMessageId, msg, type MessageRef } from '../../../electron/common/messages/messages.js';
import { MESSAGES_NS, type LooseT } from './resources.js';

// Ids come from the wire, so their keys are built at run time (see LooseT).
const tCatalog = (key: string, params: Record<string, string | number>): string => (i18next.t as unknown as LooseT)(key, { ns: MESSAGES_NS, ...params });

export { MESSAGES_NS } from './resources.js';

type Tree = { [k: string]: string | Tree };
/** The catalog as i18next resources: ids nest by their dots; `message_one` is the plural's singular. */
export function catalogResources(): Tree {
  const root: Tree = {};
  for (const [id, entry] of Object.entries(catalog)) {
    let node = root;
    for (const part of id.split('.')) node = (node[part] ??= {}) as Tree;
    const e = entry as { message: string; message_one?: string; hint?: string };
    node['message'] = e.message;
    if (e.message_one) {
      node['message_one'] = e.message_one;
      node['message_other'] = e.message;
    }
    if (e.hint !== undefined) node['hint'] = e.hint;
  }
  return root;
}

function wordedParams(ref: MessageRef): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(ref.params)) out[k] = typeof v !== 'object' ? v : v.part === 'hint' ? (wordHint(v) ?? '') : wordMessage(v);
  return out;
}

/** A message in the user's language. */
export function wordMessage(ref: MessageRef): string {
  const key = `${ref.messageId}.message`;
  // Before i18next has the catalog (pure modules under test), the catalog's English stands in.
  if (!i18next.exists(key, { ns: MESSAGES_NS })) return englishMessage(ref);
  return tCatalog(key, wordedParams(ref));
}

/** A message's hint in the user's language, if its entry has one. */
export function wordHint(ref: MessageRef): string | undefined {
  if (!('hint' in catalog[ref.messageId])) return undefined;
  if (!i18next.exists(`${ref.messageId}.hint`, { ns: MESSAGES_NS })) return englishHint(ref);
  return tCatalog(`${ref.messageId}.hint`, wordedParams(ref)) || undefined;
}

/** An error as the UI shows it: what happened, what to do, and the error's code for support. */
export interface WordedError {
  text: string;
  hint?: string;
  code: ApiErrorCode;
  messageId: string;
}

/** Anything a call or a script threw, as an ApiError (a script's error as `ui.unexpected`). */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('internal', msg('ui.unexpected', { detail: err instanceof Error ? err.message : String(err) }));
}

/** The words of any error: a catalog error through i18next, anything else by its own text. */
export function describeError(err: unknown): WordedError {
  const e = asApiError(err);
  if (!isMessageId(e.messageId)) return { text: e.message, ...(e.hint ? { hint: e.hint } : {}), code: e.code, messageId: String(e.messageId) };
  const hint = wordHint(e.ref);
  return { text: wordMessage(e.ref), ...(hint ? { hint } : {}), code: e.code, messageId: e.messageId };
}

/** The words of an error the backend keeps as data (a connection's last failure). */
export function describeErrorData(data: ApiErrorData): WordedError {
  return describeError(ApiError.fromData(data));
}

/** An error's words on one line (what happened, then what to do). */
export function errorLine(err: unknown): string {
  const w = describeError(err);
  return w.hint ? `${w.text} ${w.hint}` : w.text;
}
