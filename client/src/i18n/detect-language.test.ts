import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language';

describe('detectLanguage', () => {
  const available = ['en', 'th', 'zh-Hans', 'zh-Hant'];

  it('prefers the remembered choice, then browser languages by exact tag or primary subtag', () => {
    expect(detectLanguage('th', ['en-US'], available)).toBe('th');
    expect(detectLanguage(null, ['th-TH', 'en'], available)).toBe('th');
    expect(detectLanguage(null, ['zh-hant'], available)).toBe('zh-Hant');
    expect(detectLanguage('xx', ['de-DE', 'fr'], available)).toBe('en');
  });

  it('reads Taiwan and Hong Kong Chinese as Traditional, mainland Chinese as Simplified', () => {
    expect(detectLanguage(null, ['zh-TW'], available)).toBe('zh-Hant');
    expect(detectLanguage(null, ['zh-HK', 'en'], available)).toBe('zh-Hant');
    expect(detectLanguage(null, ['zh-CN'], available)).toBe('zh-Hans');
  });

  it('never picks a language this build does not have', () => {
    expect(detectLanguage(null, ['ko-KR'], available)).toBe('en');
  });
});
