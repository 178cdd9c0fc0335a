import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { LANGUAGES as ACCOUNT_LANGUAGES } from '../../../shared/languages';
import { CLIENT_ERROR_CODES } from '../api/api-error';
import type { LocaleMessages } from './messages';
import en from './locales/en';

const PLURAL = /_(zero|one|two|few|many)$/;
const LOCALES = import.meta.glob<LocaleMessages>('./locales/*.ts', { import: 'default', eager: true });
const languageOf = (path: string) => path.replace('./locales/', '').replace(/\.ts$/, '');
const languages = Object.keys(LOCALES).map(languageOf);
const translations = Object.entries(LOCALES)
  .filter(([path]) => languageOf(path) !== 'en')
  .map(([path, messages]) => [languageOf(path), messages] as const);

/** Every key path with a string value, plural forms other than "other" left out. */
function keyPaths(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string'
      ? PLURAL.test(key)
        ? []
        : [`${prefix}${key}`]
      : keyPaths(value as object, `${prefix}${key}.`),
  );
}

function lookup(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], messages);
}

const variables = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((match) => match[1]).sort();

describe('locales', () => {
  it('are exactly the languages the account schema accepts', () => {
    expect(languages.sort()).toEqual([...ACCOUNT_LANGUAGES].sort());
  });

  it('translate every error code of the catalogue and every client error, in English', () => {
    for (const code of [...ERROR_CODES, ...CLIENT_ERROR_CODES]) expect(en.errors[code], code).toBeTruthy();
  });

  describe.each(translations)('%s', (language, messages) => {
    it('has every English key, and no key English lacks', () => {
      expect(keyPaths(messages).sort()).toEqual(keyPaths(en).sort());
    });

    it('fills every key with text of its own, not the English', () => {
      for (const path of keyPaths(en)) {
        const text = lookup(messages, path);
        expect(typeof text === 'string' && text.trim().length > 0, path).toBe(true);
      }
      for (const code of [...ERROR_CODES, ...CLIENT_ERROR_CODES]) {
        expect(messages.errors[code], code).not.toBe(en.errors[code]);
      }
    });

    it('keeps the interpolation variables of each English string', () => {
      for (const path of keyPaths(en)) {
        expect(variables(lookup(messages, path) as string), path).toEqual(
          variables(lookup(en, path) as string),
        );
      }
    });

    it('gives each plural form the language has, and no other', () => {
      const forms = new Set(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
      for (const path of keyPaths(en).filter((key) => key.endsWith('_other'))) {
        const base = path.slice(0, -'_other'.length);
        for (const form of ['zero', 'one', 'two', 'few', 'many']) {
          const text = lookup(messages, `${base}_${form}`);
          if (forms.has(form as Intl.LDMLPluralRule) && form !== 'zero')
            expect(text, `${base}_${form}`).toBeTruthy();
          else expect(text, `${base}_${form}`).toBeUndefined();
        }
      }
    });
  });
});
