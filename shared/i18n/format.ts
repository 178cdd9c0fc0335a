/**
 * Prices, dates and times through Intl, for the fan's language. Pure functions of their inputs, so
 * they are tested in Node; components get them bound to the current language from useFormat().
 */

/**
 * The Intl locale for a UI language. Thai formats dates in the Buddhist calendar by default (2027
 * is 2570 there); tickets, the show's own announcements and every other language use the Gregorian
 * year, so Thai dates are formatted with Thai words and digits in the Gregorian calendar.
 */
const INTL_LOCALES: Readonly<Record<string, string>> = {
  en: 'en',
  th: 'th-TH-u-ca-gregory',
};

export function intlLocaleOf(language: string): string {
  return INTL_LOCALES[language] ?? language;
}

const SATANG_PER_BAHT = 100;

/**
 * Intl formatters, made once per locale and options: making one costs ~100 us (a date format with
 * a time zone), using one ~1 us, and the server renders a confirmation mail per order in a sell-out.
 * A few hundred at most (languages x formats x zones); past that the cache starts again.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

function cachedFormatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(
  kind: 'number' | 'date',
  locale: string,
  options: Intl.NumberFormatOptions | Intl.DateTimeFormatOptions,
  make: () => F,
): F {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter as F;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cachedFormatter('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cachedFormatter('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
}

/** A price in satang as Thai baht: whole baht without decimals, otherwise two. */
export function formatPrice(satang: number, locale: string): string {
  const whole = satang % SATANG_PER_BAHT === 0;
  return numberFormat(locale, {
    style: 'currency',
    currency: 'THB',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(satang / SATANG_PER_BAHT);
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}

export function formatPercent(share: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A moment as a full date and a time in the given IANA time zone. */
export function formatDateTime(iso: string | number, timeZone: string, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A moment as a short date and time, for lists. */
export function formatShortDateTime(iso: string | number, timeZone: string, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The zone's name at that moment, e.g. "Indochina Time". */
export function formatTimeZoneName(timeZone: string, locale: string, at: string | number): string {
  const parts = dateTimeFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(new Date(at));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** The browser's own time zone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Remaining time as m:ss (never negative). */
export function formatCountdown(remainingMs: number): string {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Remaining time as h:mm:ss from an hour up, m:ss below (never negative), for longer countdowns. */
export function formatClock(remainingMs: number): string {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(seconds / 3600);
  if (hours === 0) return formatCountdown(remainingMs);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A time of day with seconds, in the browser's zone ("2:05:09 PM"), for "last updated". */
export function formatTimeOfDay(at: number, locale: string): string {
  return dateTimeFormat(locale, { timeStyle: 'medium', timeZone: localTimeZone() }).format(new Date(at));
}

/** A range of minutes or hours in words ("3–5 minutes", "3-5 นาที"), one value when both ends agree. */
export function formatUnitRange(low: number, high: number, unit: 'minute' | 'hour', locale: string): string {
  const format = numberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
  if (low === high) return format.format(low);
  // formatRange came to browsers in 2022-2023; older ones get the two ends joined by a dash.
  const maybeRanged: Partial<Pick<Intl.NumberFormat, 'formatRange'>> = format;
  if (maybeRanged.formatRange) return format.formatRange(low, high);
  return `${format.format(low)} – ${format.format(high)}`;
}
