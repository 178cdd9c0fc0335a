/**
 * The languages SeatRush speaks, as account settings and locale file names: Thai first (the
 * first sale is in Bangkok), then the audiences of a K-pop tour across Asia. The client has one
 * locale file per code (a test keeps the two lists equal).
 */
export const LANGUAGES = ['th', 'en', 'ko', 'ja', 'zh-Hans', 'zh-Hant', 'vi', 'id', 'ms', 'fil'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
