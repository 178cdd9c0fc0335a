import type { LocaleMessages } from '../../client/src/i18n/messages';
import en from '../../client/src/i18n/locales/en';

/** A language's messages, as the app shows them (English is the source of every key). */
export async function messagesOf(language: string): Promise<LocaleMessages> {
  if (language === 'en') return en;
  const module = (await import(`../../client/src/i18n/locales/${language}.ts`)) as {
    default: LocaleMessages;
  };
  return module.default;
}

/** A message as a pattern: its {{variables}} match anything, the rest literally. */
export function messagePattern(message: string): RegExp {
  const parts = message.split(/\{\{[^}]+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.+'));
}

/** A message with its {{variables}} filled in as plain text (numbers below 1,000 need no Intl). */
export function fillMessage(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{\{(\w+)[^}]*\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
