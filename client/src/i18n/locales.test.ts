import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { CLIENT_ERROR_CODES } from '../api/api-error';
import en from './locales/en';
import th from './locales/th';

const PLURAL = /_(zero|one|two|few|many)$/;

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

describe('locales', () => {
  it('translate every error code of the catalogue and every client error', () => {
    for (const code of [...ERROR_CODES, ...CLIENT_ERROR_CODES]) {
      expect(en.errors[code], code).toBeTruthy();
      expect(th.errors[code], code).toBeTruthy();
      expect(th.errors[code], code).not.toBe(en.errors[code]);
    }
  });

  it('give Thai every English key, and no keys English lacks', () => {
    expect(keyPaths(th).sort()).toEqual(keyPaths(en).sort());
  });

  it('keep the interpolation variables of each English string', () => {
    const variables = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();
    const lookup = (messages: object, path: string) =>
      path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages);
    for (const path of keyPaths(en)) {
      expect(variables(lookup(th, path) as string), path).toEqual(variables(lookup(en, path) as string));
    }
  });
});
