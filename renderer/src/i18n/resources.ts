// The shape of the UI's strings as i18next's types see them, so `t('no.such.key')` and a
// catalog id that does not exist are type errors. The default namespace is en.ts; the
// `messages` namespace is the wire catalog (electron/common/messages/catalog.ts), worded by
// i18n/messages.ts. Plural forms (`_one`, `_other`) are one key with a `count` to i18next.
import type { catalog } from '../../../electron/common/messages/catalog.js';
import type { en } from './en.js';
import type { ParseKeys, ParseKeysWithoutVariables } from 'i18next';

export const MESSAGES_NS = 'messages';

type CatalogEntry<E> = { message: string } & (E extends { hint: string } ? { hint: string } : unknown) &
  (E extends { message_one: string } ? { message_one: string; message_other: string } : unknown);

/**
 * The catalog as resources. At run time its ids nest by their dots (catalogResources); typed
 * here as one level keyed by the whole id, which yields the same key strings
 * (`'rpc.busy' + '.' + 'message'`) without a type that splits every id.
 */
export type CatalogResources = { [Id in keyof typeof catalog]: CatalogEntry<(typeof catalog)[Id]> };

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; [MESSAGES_NS]: CatalogResources };
    returnNull: false;
  }
}

/**
 * t() for a key chosen at run time whose parameters the types cannot follow: a form's problem
 * (its key is a UiKey, checked where it is made) or a catalog id from the wire (checked by
 * isMessageId; its parameters by msg() where it was made).
 */
export type LooseT = (key: string, options?: Readonly<Record<string, unknown>>) => string;

/** A key of the UI's strings (en.ts); plural forms count once, without their suffix. */
export type UiKey = ParseKeys<'translation'>;
/** A key of the UI's strings that takes no parameters (a label, a heading). */
export type UiLabelKey = ParseKeysWithoutVariables<'translation'>;
