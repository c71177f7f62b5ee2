// Messages by id: `msg(id, params)` makes one (params typed from the catalog's template), and
// the English words of it are filled here for logs and for ApiError.message. The renderer
// words the same reference through i18next instead.
import { catalog } from './catalog.js';
import { fillTemplate, type Placeholders } from './template.js';

export type MessageId = keyof typeof catalog;
type Entry<Id extends MessageId> = (typeof catalog)[Id];
type HintOf<E> = E extends { hint: infer H extends string } ? H : '';
type NamesOf<Id extends MessageId> = Placeholders<Entry<Id>['message']> | Placeholders<HintOf<Entry<Id>>>;

/** A parameter: a value, or another message (worded first, e.g. the step a create failed at). */
export type MessageParam = string | number | MessageRef;
export type MessageParams<Id extends MessageId> = { [K in NamesOf<Id>]: MessageParam };

/** A message as it crosses the wire: its id and parameters (JSON). */
export interface MessageRef<Id extends MessageId = MessageId> {
  messageId: Id;
  params: Record<string, MessageParam>;
  /** As a parameter: word this message's hint rather than its message (a failure passing on its cause's hint). */
  part?: 'hint';
}

type ParamArgs<Id extends MessageId> = [NamesOf<Id>] extends [never] ? [params?: Record<string, never>] : [params: MessageParams<Id>];

/** A message by id with its parameters, checked against the template. */
export function msg<Id extends MessageId>(id: Id, ...[params]: ParamArgs<Id>): MessageRef<Id> {
  return { messageId: id, params: params ?? {} };
}

export function isMessageId(id: unknown): id is MessageId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(catalog, id);
}

export function isMessageRef(v: unknown): v is MessageRef {
  return typeof v === 'object' && v !== null && isMessageId((v as MessageRef).messageId) && typeof (v as MessageRef).params === 'object';
}

/** The catalog's templates of an id: message (singular form where the count is 1) and hint. */
export function templates(id: MessageId, count?: unknown): { message: string; hint?: string } {
  const e = catalog[id] as { message: string; message_one?: string; hint?: string };
  return { message: count === 1 && e.message_one ? e.message_one : e.message, ...(e.hint !== undefined ? { hint: e.hint } : {}) };
}

function englishParams(params: Record<string, MessageParam>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v !== 'object' ? v : v.part === 'hint' ? (englishHint(v) ?? '') : englishMessage(v);
  return out;
}

/** The English text of a message (for logs and ApiError.message). */
export function englishMessage(ref: MessageRef): string {
  return fillTemplate(templates(ref.messageId, ref.params['count']).message, englishParams(ref.params));
}

/** The English hint of a message, if its entry has one. */
export function englishHint(ref: MessageRef): string | undefined {
  const h = templates(ref.messageId).hint;
  return h === undefined ? undefined : fillTemplate(h, englishParams(ref.params));
}
