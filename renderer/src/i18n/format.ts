// Live figures as text: rates with binary prefixes per second, percentages and CPU time, in
// the user's number format; the unit words come from the strings (en.ts). No DOM here, so
// the unit tests run it under Node.
import i18next from 'i18next';

const rateUnits = ['stats.unit_Bps', 'stats.unit_KiBps', 'stats.unit_MiBps', 'stats.unit_GiBps', 'stats.unit_TiBps'] as const;
const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: string, digits: number): Intl.NumberFormat {
  const k = `${locale}\u0000${digits}`;
  let f = numberFormats.get(k);
  if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f;
}

/** True when a figure is known (the wire's -1 and NaN are not). */
export const isKnown = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v >= 0;

/** Bytes per second with a binary prefix: "512 B/s", "1.5 KiB/s", "12 MiB/s". Unknown: the dash. */
export function formatRate(bytesPerSec: number, locale = i18next.language): string {
  if (!isKnown(bytesPerSec)) return i18next.t('domains.unknown');
  let v = bytesPerSec;
  let u = 0;
  while (v >= 1024 && u < rateUnits.length - 1) {
    v /= 1024;
    u++;
  }
  // One decimal below 10 (except whole bytes), none above: "1.5 MiB/s", "120 MiB/s".
  const digits = u > 0 && v < 10 ? 1 : 0;
  return i18next.t(rateUnits[u]!, { value: nf(locale, digits).format(v) });
}

/** A percentage given as 0–100 (as the contract sends it): "12.3 %" in the locale's style. */
export function formatPercent(pct: number, locale = i18next.language): string {
  if (!isKnown(pct)) return i18next.t('domains.unknown');
  const digits = pct < 10 ? 1 : 0;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(pct / 100);
}

/** CPU time as hours:minutes:seconds ("0:04:07", "125:00:12"), as top shows it. */
export function formatCpuTime(seconds: number, locale = i18next.language): string {
  if (!isKnown(seconds)) return i18next.t('domains.unknown');
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false }).format(n);
  return i18next.t('stats.cpuTime', { h: nf(locale, 0).format(h), m: two(m), s: two(s) });
}

/** A memory size in KiB with a binary unit (the list's sizes). */
export function formatKiBValue(kib: number, locale = i18next.language): string {
  if (!isKnown(kib)) return i18next.t('domains.unknown');
  const units = ['stats.unit_KiB', 'stats.unit_MiB', 'stats.unit_GiB', 'stats.unit_TiB'] as const;
  let v = kib;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return i18next.t(units[u]!, { value: nf(locale, v < 10 ? 1 : 0).format(v) });
}

/** A count per second (IOPS, packets/s) in the locale's format. */
export function formatCount(v: number, locale = i18next.language): string {
  if (!isKnown(v)) return i18next.t('domains.unknown');
  return nf(locale, v < 10 ? 1 : 0).format(v);
}
