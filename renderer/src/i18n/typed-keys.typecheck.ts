// Type-level checks of the typed strings (resources.ts), run by `tsc -p renderer/tsconfig.json`
// (npm run typecheck): each @ts-expect-error fails the typecheck once its line compiles, that
// is, once an unknown key or a missing parameter stops being a type error. Never imported or run.
import i18next from 'i18next';
import { wordKey } from './index.js';
import type { UiLabelKey } from './resources.js';

export function typedKeyChecks(): string[] {
  const label: UiLabelKey = 'views.top';
  return [
    i18next.t(label),
    i18next.t('create.title', { host: 'h' }),
    // A plural is one key, worded with its count.
    i18next.t('connections.counts', { running: 1, count: 2 }),
    // The wire catalog is the `messages` namespace.
    i18next.t('rpc.busy.message', { ns: 'messages', running: 1, queued: 2, method: 'domains.list' }),
    wordKey('form.required'),

    // @ts-expect-error -- no such key
    i18next.t('unknown.key'),
    // @ts-expect-error -- a typo in a real key's last part
    i18next.t('app.titel'),
    // @ts-expect-error -- a parameter the string needs is missing
    i18next.t('create.title'),
    // @ts-expect-error -- no such catalog id
    i18next.t('rpc.noSuchError.message', { ns: 'messages' }),
    // @ts-expect-error -- no such key, where a key is chosen at run time
    wordKey('form.unknown'),
  ];
}

// @ts-expect-error -- a string with parameters is not a label
export const notALabel: UiLabelKey = 'create.title';
