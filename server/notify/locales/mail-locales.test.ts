import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/languages';
import { MAIL_MESSAGES } from '.';

const PLURAL = /_(zero|one|two|few|many)$/;
const en = MAIL_MESSAGES.en.orderPaid as Record<string, string | undefined>;
const variables = (text: string | undefined) =>
  [...(text ?? '').matchAll(/\{\{(\w+)/g)].map((match) => match[1]).sort();
const keysOf = (messages: Record<string, unknown>) =>
  Object.keys(messages).filter((key) => !PLURAL.test(key));

describe.each(LANGUAGES.filter((language) => language !== 'en'))('mail messages in %s', (language) => {
  const messages = MAIL_MESSAGES[language].orderPaid as Record<string, string | undefined>;

  it("has English's keys, each with text and English's interpolation variables", () => {
    expect(keysOf(messages).sort()).toEqual(keysOf(en).sort());
    for (const key of keysOf(en)) {
      expect(messages[key]?.trim(), key).toBeTruthy();
      expect(variables(messages[key]), key).toEqual(variables(en[key]));
    }
    expect(messages.paid).not.toBe(en.paid);
  });

  it('gives each plural form the language has, and no other', () => {
    const forms = new Set(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
    for (const form of ['zero', 'one', 'two', 'few', 'many'] as const) {
      const text = messages[`seats_${form}`];
      if (forms.has(form) && form !== 'zero') expect(text, form).toBeTruthy();
      else expect(text, form).toBeUndefined();
    }
  });
});
