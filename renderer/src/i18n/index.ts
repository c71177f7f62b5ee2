// The one i18n layer (i18next): components only call t(); numbers, sizes and dates go
// through the formatters below, in the user's locale.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';

export async function initI18n(language = navigator.language): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
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
