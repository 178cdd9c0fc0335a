import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPrice,
  formatShortDateTime,
  formatTimeOfDay,
  formatTimeZoneName,
  formatUnitRange,
  intlLocaleOf,
} from '../../../shared/i18n/format';

/** The formatters of shared/i18n/format.ts bound to the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocaleOf(i18n.language);
  return useMemo(
    () => ({
      locale,
      price: (satang: number) => formatPrice(satang, locale),
      number: (value: number) => formatNumber(value, locale),
      percent: (share: number) => formatPercent(share, locale),
      dateTime: (iso: string | number, timeZone: string) => formatDateTime(iso, timeZone, locale),
      shortDateTime: (iso: string | number, timeZone: string) => formatShortDateTime(iso, timeZone, locale),
      timeZoneName: (timeZone: string, at: string | number) => formatTimeZoneName(timeZone, locale, at),
      timeOfDay: (at: number) => formatTimeOfDay(at, locale),
      unitRange: (low: number, high: number, unit: 'minute' | 'hour') =>
        formatUnitRange(low, high, unit, locale),
    }),
    [locale],
  );
}
