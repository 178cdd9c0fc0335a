/**
 * Picks the UI language: the fan's remembered choice, else the first browser language we have
 * (exact tag first, then its primary subtag: th-TH gives th), else English.
 */
export const FALLBACK_LANGUAGE = 'en';

export function detectLanguage(
  stored: string | null,
  browserLanguages: readonly string[],
  available: readonly string[],
): string {
  const byLowerCase = new Map(available.map((code) => [code.toLowerCase(), code]));
  if (stored && byLowerCase.has(stored.toLowerCase())) return byLowerCase.get(stored.toLowerCase()) as string;
  for (const tag of browserLanguages) {
    const exact = byLowerCase.get(tag.toLowerCase());
    if (exact) return exact;
    const primary = byLowerCase.get(tag.split('-')[0]?.toLowerCase() ?? '');
    if (primary) return primary;
  }
  return FALLBACK_LANGUAGE;
}
