import { LANGUAGES, type Language } from '../languages';

/** Tags that name one of our languages under another code. */
const ALIASES: Record<string, Language> = { tl: 'fil', in: 'id', zsm: 'ms' };

/**
 * The first of a fan's preferred language tags (a browser's navigator.languages, an
 * Accept-Language header in order) that SeatRush speaks: the exact tag, else by script for
 * Chinese (zh-TW and zh-HK are written in Traditional characters, zh and zh-CN in Simplified),
 * else by primary subtag (th-TH is th). Undefined when none is ours.
 */
export function matchLanguage(tags: readonly string[]): Language | undefined {
  const byLowerCase = new Map<string, Language>(LANGUAGES.map((code) => [code.toLowerCase(), code]));
  for (const tag of tags) {
    const lower = tag.trim().toLowerCase();
    const exact = byLowerCase.get(lower);
    if (exact) return exact;
    const primary = lower.split('-')[0] ?? '';
    if (primary === 'zh') return chineseScriptOf(tag) === 'Hant' ? 'zh-Hant' : 'zh-Hans';
    const match = byLowerCase.get(primary) ?? ALIASES[primary];
    if (match) return match;
  }
  return undefined;
}

function chineseScriptOf(tag: string): string | undefined {
  try {
    return new Intl.Locale(tag).maximize().script;
  } catch {
    return undefined; // not a well-formed tag: Simplified, the most widely read
  }
}

/** An Accept-Language header's tags, most preferred first (q=0 and "*" left out), at most 20. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1_000)
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, q }) => q > 0 && tag !== '*' && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}
