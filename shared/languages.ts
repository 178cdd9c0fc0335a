/**
 * The languages SeatRush speaks, as account settings and locale file names: Thai first (the
 * first sale is in Bangkok), then the audiences of a K-pop tour across Asia. The client has one
 * locale file per code (a test keeps the two lists equal).
 */
export const LANGUAGES = ['th', 'en', 'ko', 'ja', 'zh-Hans', 'zh-Hant', 'vi', 'id', 'ms', 'fil'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Each language's own name for itself, as its speakers look for it in a language switcher
 * (constants: Intl.DisplayNames gave the same for most, at a cost on every page load).
 */
export const LANGUAGE_NAMES: Record<Language, string> = {
  th: 'ไทย',
  en: 'English',
  ko: '한국어',
  ja: '日本語',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  vi: 'Tiếng Việt',
  id: 'Bahasa Indonesia',
  ms: 'Bahasa Melayu',
  fil: 'Filipino',
};

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
