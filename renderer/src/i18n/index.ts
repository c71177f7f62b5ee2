// The one i18n layer (i18next): components only call t(); numbers, sizes and dates go
// through the formatters below, in the user's locale.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { catalogResources } from './messages.js';
import { MESSAGES_NS, type LooseT, type UiKey } from './resources.js';

export async function initI18n(language = navigator.language): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en, [MESSAGES_NS]: catalogResources() } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
}

/** Words a UI key chosen at run time (a form's problem) with its parameters. */
export function wordKey(key: UiKey, params: Readonly<Record<string, string | number>> = {}): string {
  return (i18next.t as unknown as LooseT)(key, params);
}

const units = ['KiB', 'MiB', 'GiB', 'TiB'];

/** A size in KiB with a binary unit, in the user's number format. */
export function formatKiB(kib: number, locale = i18next.language): string {
  let v = kib;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v)} ${units[u]}`;
}

export function formatTime(epochMs: number, locale = i18next.language): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(epochMs);
}

/**
 * How long a VM has been running, to the minute (seconds in its first minute), e.g. "3 min",
 * "2 h 5 min", "4 d 3 h"; the words come from the strings, the numbers in the user's format.
 */
export function formatUptime(ms: number, locale = i18next.language): string {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (d > 0) return i18next.t('domains.uptime_dh', { d: n.format(d), h: n.format(h) });
  if (h > 0) return i18next.t('domains.uptime_hm', { h: n.format(h), m: n.format(m) });
  if (m > 0) return i18next.t('domains.uptime_m', { m: n.format(m) });
  return i18next.t('domains.uptime_s', { s: n.format(total) });
}
