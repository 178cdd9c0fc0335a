import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors';
import { LANGUAGES } from '../languages';
import { ERROR_MESSAGES } from './error-messages';

const variables = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((match) => match[1]).sort();

describe.each(LANGUAGES)('error messages in %s', (language) => {
  const messages = ERROR_MESSAGES[language];

  it("word every code of the catalogue, and no other, with English's variables", () => {
    expect(Object.keys(messages).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(messages[code].trim(), code).not.toBe('');
      expect(variables(messages[code]), code).toEqual(variables(ERROR_MESSAGES.en[code]));
      if (language !== 'en') expect(messages[code], code).not.toBe(ERROR_MESSAGES.en[code]);
    }
  });
});
