import { describe, expect, it } from 'vitest';
import { acceptedLanguages, matchLanguage } from './match-language';

describe('matchLanguage', () => {
  it('takes the first tag we speak: exact, by primary subtag, or by alias', () => {
    expect(matchLanguage(['de-DE', 'th-TH', 'en'])).toBe('th');
    expect(matchLanguage(['KO'])).toBe('ko');
    expect(matchLanguage(['tl-PH'])).toBe('fil');
    expect(matchLanguage(['in'])).toBe('id');
    expect(matchLanguage(['fr', 'de'])).toBeUndefined();
    expect(matchLanguage([])).toBeUndefined();
  });

  it('tells the Chinese scripts apart by region or script', () => {
    expect(matchLanguage(['zh-TW'])).toBe('zh-Hant');
    expect(matchLanguage(['zh-HK'])).toBe('zh-Hant');
    expect(matchLanguage(['zh-Hant-HK'])).toBe('zh-Hant');
    expect(matchLanguage(['zh-CN'])).toBe('zh-Hans');
    expect(matchLanguage(['zh'])).toBe('zh-Hans');
    expect(matchLanguage(['zh-SG'])).toBe('zh-Hans');
    expect(matchLanguage(['zh-hans'])).toBe('zh-Hans');
  });
});

describe('acceptedLanguages', () => {
  it('orders by quality, then by position, leaving out q=0, "*" and malformed tags', () => {
    expect(acceptedLanguages('en;q=0.5, th-TH, ko;q=0.8, ja;q=0, *;q=0.1, <x>')).toEqual([
      'th-TH',
      'ko',
      'en',
    ]);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages('')).toEqual([]);
    expect(acceptedLanguages('vi;q=abc')).toEqual(['vi']);
  });
});
