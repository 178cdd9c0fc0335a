import { matchLanguage } from '../../../shared/i18n/match-language';

/**
 * Picks the UI language: the fan's remembered choice, else the first browser language we speak
 * (shared/i18n/match-language.ts: exact tag, Chinese by script, else primary subtag: th-TH gives
 * th), else English.
 */
export const FALLBACK_LANGUAGE = 'en';

export function detectLanguage(
  stored: string | null,
  browserLanguages: readonly string[],
  available: readonly string[],
): string {
  const byLowerCase = new Map(available.map((code) => [code.toLowerCase(), code]));
  if (stored && byLowerCase.has(stored.toLowerCase())) return byLowerCase.get(stored.toLowerCase()) as string;
  const matched = matchLanguage(browserLanguages);
  return matched && available.includes(matched) ? matched : FALLBACK_LANGUAGE;
}
